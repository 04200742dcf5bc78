import { S3Errors } from '../errors.js';
import { validateTags } from '../object-attrs.js';
import { originOf, readableVersion, requireBucket } from '../objects.js';
import { readXml, xmlText } from '../request-body.js';
import { parseAttrs } from '../store.js';
import type { S3Operation } from '../types.js';

export const getObjectTagging: S3Operation = {
  name: 'GetObjectTagging',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const row = readableVersion(s3, bucket, req.key!, req.query.get('versionId'));
    const tags = parseAttrs(row).tags ?? {};
    const headers: Record<string, string> = {};
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    return { headers, xml: { root: 'Tagging', content: { TagSet: { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } } } };
  },
};

/** The tags of a parsed `<Tagging><TagSet><Tag>…` document (PutObjectTagging's body, a form upload's `tagging` field). */
export function tagSetOf(doc: Record<string, unknown>): Record<string, string> {
  const tagSet = (doc.Tagging as Record<string, unknown> | undefined)?.TagSet;
  if (tagSet === undefined) throw S3Errors.malformedXml();
  const tags: Record<string, string> = {};
  for (const tag of ((tagSet as Record<string, unknown>)?.Tag as Record<string, unknown>[] | undefined) ?? []) {
    const key = xmlText(tag?.Key);
    if (key === undefined) throw S3Errors.malformedXml();
    if (Object.hasOwn(tags, key)) throw S3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    tags[key] = xmlText(tag.Value) ?? '';
  }
  validateTags(tags);
  return tags;
}

export const putObjectTagging: S3Operation = {
  name: 'PutObjectTagging',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const tags = tagSetOf(await readXml(req, ['Tag']));
    const row = readableVersion(s3, bucket, req.key!, req.query.get('versionId'));
    const attrs = parseAttrs(row);
    attrs.tags = tags;
    s3.store.updateAttrs(bucket.name, row.key, row.version_id, attrs);
    s3.notifier.emit(bucket, { name: 'ObjectTagging:Put', key: row.key, eTag: row.etag, versionId: row.version_id, sequenced: false }, originOf(req));
    return { headers: versionHeader(bucket.versioning, row.version_id) };
  },
};

export const deleteObjectTagging: S3Operation = {
  name: 'DeleteObjectTagging',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const row = readableVersion(s3, bucket, req.key!, req.query.get('versionId'));
    const attrs = parseAttrs(row);
    delete attrs.tags;
    s3.store.updateAttrs(bucket.name, row.key, row.version_id, attrs);
    s3.notifier.emit(bucket, { name: 'ObjectTagging:Delete', key: row.key, eTag: row.etag, versionId: row.version_id, sequenced: false }, originOf(req));
    return { status: 204, headers: versionHeader(bucket.versioning, row.version_id) };
  },
};

function versionHeader(versioning: string | null, versionId: string): Record<string, string> {
  return versioning ? { 'x-amz-version-id': versionId } : {};
}
