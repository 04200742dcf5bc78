import { policyAllows } from '../../auth/resource-policy.js';
import type { RequestContext } from '../../server/request-context.js';
import { S3Errors } from './errors.js';
import type { BucketRow, S3Store } from './store.js';

/** The IAM action of an S3 operation where it is not `s3:<operation>`. */
const ACTION_OF: Record<string, string> = {
  HeadObject: 'GetObject',
  CopyObject: 'PutObject',
  UploadPart: 'PutObject',
  UploadPartCopy: 'PutObject',
  CreateMultipartUpload: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  AbortMultipartUpload: 'AbortMultipartUpload',
  ListParts: 'ListMultipartUploadParts',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  HeadBucket: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  DeleteObjects: 'DeleteObject',
  PostObject: 'PutObject',
};

export function s3ActionOf(operation: string | undefined): string {
  const name = operation ?? 'Unknown';
  return `s3:${ACTION_OF[name] ?? name}`;
}

/**
 * Under `--enforce-auth`: a bucket of another account, or any bucket for an anonymous caller, is
 * reachable only as far as its bucket policy allows (the caller's account, or `*` for anyone).
 */
export function checkBucketAccess(store: S3Store, bucket: BucketRow, ctx: RequestContext, key?: string, action = s3ActionOf(ctx.operation)): void {
  if (!ctx.enforceAuth) return;
  if (!ctx.anonymous && bucket.account_id === ctx.accountId) return;
  const resourceArn = key === undefined ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${key}`;
  const accountId = ctx.anonymous ? 'anonymous' : ctx.accountId;
  if (policyAllows(store.bucketDocument(bucket.name, 'policy'), { action, accountId, resourceArn })) return;
  throw S3Errors.accessDenied();
}
