import type { IncomingHttpHeaders } from 'node:http';
import { receiveBody } from '../body.js';
import { checksumHeader } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { objectWriteRequest } from '../object-write.js';
import { quotedEtag } from '../object-headers.js';
import { commitVersion, originOf } from '../objects.js';
import type { S3Operation } from '../types.js';

export const putObject: S3Operation = {
  name: 'PutObject',
  async run(req, s3) {
    const { bucket, key, storageClass, attrs } = objectWriteRequest(req, s3);
    if (req.headers['if-none-match'] !== undefined || req.headers['if-match'] !== undefined) {
      checkWriteConditions(req.headers, key, s3.store.latest(bucket.name, key));
    }
    const body = await receiveBody(req.exchange.req, s3.files);
    const etag = body.md5.toString('hex');
    if (body.checksum) attrs.checksum = { ...body.checksum, type: 'FULL_OBJECT' };
    const row = commitVersion(s3, bucket, { key, blobId: body.blobId, size: body.size, etag, storageClass, attrs });
    s3.notifier.emit(bucket, { name: 'ObjectCreated:Put', key, size: body.size, eTag: etag, versionId: row.version_id }, originOf(req));
    const headers: Record<string, string> = { ETag: quotedEtag(etag), 'x-amz-server-side-encryption': 'AES256' };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    if (body.checksum) {
      headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return { headers };
  },
};

/** Conditional writes: `If-None-Match: *` (only if absent) and `If-Match: <etag>` (only if unchanged). */
export function checkWriteConditions(headers: IncomingHttpHeaders, key: string, current: { etag: string; delete_marker: number } | undefined): void {
  const live = current && !current.delete_marker ? current : undefined;
  const ifNoneMatch = headers['if-none-match'];
  // Writes understand only `If-None-Match: *`; S3 answers any other value with 501 NotImplemented.
  if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() !== '*') throw S3Errors.notImplemented('If-None-Match');
  if (typeof ifNoneMatch === 'string' && live) throw S3Errors.preconditionFailed('If-None-Match');
  const ifMatch = headers['if-match'];
  if (typeof ifMatch === 'string') {
    if (!live) throw S3Errors.noSuchKey(key);
    const wanted = ifMatch.trim().replace(/^"|"$/g, '');
    if (wanted !== '*' && wanted !== live.etag) throw S3Errors.preconditionFailed('If-Match');
  }
}
