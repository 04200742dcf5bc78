import { isAwsError } from '../../../protocols/aws-error.js';
import type { XmlElement } from '../../../protocols/rest-xml.js';
import { S3Errors } from '../errors.js';
import { deleteKey, originOf, requireBucket, type DeleteOutcome } from '../objects.js';
import { readXml, xmlText } from '../request-body.js';
import type { S3Context, S3Operation, S3Request } from '../types.js';

function emitRemoved(s3: S3Context, req: S3Request, bucketName: string, key: string, outcome: DeleteOutcome): void {
  const bucket = s3.store.bucket(bucketName);
  if (!bucket) return;
  s3.notifier.emit(bucket, { name: outcome.eventName, key, versionId: outcome.versionId, eTag: outcome.eTag }, originOf(req));
}

export const deleteObject: S3Operation = {
  name: 'DeleteObject',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const key = req.key!;
    const outcome = deleteKey(s3, bucket, key, req.query.get('versionId') ?? undefined);
    emitRemoved(s3, req, bucket.name, key, outcome);
    const headers: Record<string, string> = {};
    if (outcome.deleteMarker) headers['x-amz-delete-marker'] = 'true';
    if (outcome.versionId !== undefined) headers['x-amz-version-id'] = outcome.versionId;
    return { status: 204, headers };
  },
};

export const deleteObjects: S3Operation = {
  name: 'DeleteObjects',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const doc = await readXml(req, ['Object']);
    const root = doc.Delete as Record<string, unknown> | undefined;
    const objects = (root?.Object as Record<string, unknown>[] | undefined) ?? [];
    if (!root || objects.length === 0 || objects.length > 1000) throw S3Errors.malformedXml();
    const quiet = xmlText(root.Quiet)?.trim() === 'true';
    const deleted: XmlElement[] = [];
    const errors: XmlElement[] = [];
    for (const entry of objects) {
      const key = xmlText(entry?.Key);
      if (key === undefined) throw S3Errors.malformedXml();
      const versionId = xmlText(entry.VersionId);
      try {
        const outcome = deleteKey(s3, bucket, key, versionId);
        emitRemoved(s3, req, bucket.name, key, outcome);
        if (quiet) continue;
        const item: XmlElement = { Key: key };
        if (versionId !== undefined) item.VersionId = versionId;
        if (outcome.deleteMarker) {
          item.DeleteMarker = true;
          item.DeleteMarkerVersionId = outcome.versionId;
        }
        deleted.push(item);
      } catch (err) {
        if (!isAwsError(err)) throw err;
        errors.push({ Key: key, VersionId: versionId, Code: err.code, Message: err.message });
      }
    }
    return { xml: { root: 'DeleteResult', content: { Deleted: deleted, Error: errors } } };
  },
};
