import { checkAclAllowed } from './acl-rules.js';
import { attrsFromRequest } from './object-attrs.js';
import { requireBucket } from './objects.js';
import type { BucketRow, ObjectAttrs } from './store.js';
import type { S3Context, S3Request } from './types.js';
import { storageClassFrom, validateKey } from './validation.js';

/**
 * What PutObject and CreateMultipartUpload read from a request before any data: the bucket, key,
 * storage class and object attributes, checked in this order (the first failure is the error).
 */
export function objectWriteRequest(req: S3Request, s3: S3Context): { bucket: BucketRow; key: string; storageClass: string; attrs: ObjectAttrs } {
  const bucket = requireBucket(s3, req);
  const key = req.key!;
  validateKey(key);
  const storageClass = storageClassFrom(req.headers);
  const attrs = attrsFromRequest(req.headers);
  checkAclAllowed(s3.store, bucket, req.headers);
  return { bucket, key, storageClass, attrs };
}
