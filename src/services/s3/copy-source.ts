import { checkBucketAccess } from './bucket-access.js';
import { S3Errors } from './errors.js';
import { evaluateConditions } from './object-headers.js';
import { readableVersion } from './objects.js';
import { parseAttrs, type BucketRow, type ObjectAttrs, type ObjectRow } from './store.js';
import type { S3Context, S3Request } from './types.js';
import { ARCHIVE_CLASSES } from './validation.js';

export interface CopySource {
  bucket: BucketRow;
  row: ObjectRow;
  attrs: ObjectAttrs;
  /** Set when the source was named with a version id. */
  versionId?: string;
}

/** Resolves `x-amz-copy-source: [/]bucket/key[?versionId=...]` and its conditions. */
export function resolveCopySource(req: S3Request, s3: S3Context): CopySource {
  const header = String(req.headers['x-amz-copy-source'] ?? '');
  const [pathPart, queryPart] = header.split('?', 2) as [string, string | undefined];
  let path: string;
  try {
    path = decodeURIComponent(pathPart.replace(/^\//, ''));
  } catch {
    throw S3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', header);
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw S3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header);
  const bucketName = path.slice(0, slash);
  const key = path.slice(slash + 1);
  const versionId = queryPart ? (new URLSearchParams(queryPart).get('versionId') ?? undefined) : undefined;
  const bucket = s3.store.bucket(bucketName);
  if (!bucket) throw S3Errors.noSuchBucket(bucketName);
  checkBucketAccess(s3.store, bucket, req.ctx, key, 's3:GetObject');
  const row = readableVersion(s3, bucket, key, versionId ?? null);
  const attrs = parseAttrs(row);
  if (ARCHIVE_CLASSES.has(row.storage_class) && !(attrs.restore && !attrs.restore.ongoing)) throw S3Errors.invalidObjectState(row.storage_class);
  evaluateConditions(req.headers, row, 'x-amz-copy-source-');
  return { bucket, row, attrs, versionId };
}
