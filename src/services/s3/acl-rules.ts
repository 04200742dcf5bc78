import type { IncomingHttpHeaders } from 'node:http';
import { renderXmlDocument } from '../../protocols/rest-xml.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { BucketRow, S3Store } from './store.js';
import { S3_XMLNS } from './types.js';

/**
 * S3 Object Ownership. New buckets are `BucketOwnerEnforced`: ACLs are disabled, and a write that
 * carries an ACL other than the bucket owner's full control fails with AccessControlListNotSupported.
 */
const OWNERSHIPS = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];
/** Canned ACLs that give only the bucket owner full control, the ones an enforced bucket accepts. */
const OWNER_ONLY_ACLS = ['private', 'bucket-owner-full-control'];
const GRANT_HEADERS = ['x-amz-grant-read', 'x-amz-grant-write', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp'];

export function objectOwnership(store: S3Store, bucket: BucketRow): string {
  const doc = store.bucketDocument(bucket.name, 'ownershipControls');
  // Without ownership controls (deleted) ACLs are enabled and each writer owns its objects.
  if (doc === '') return 'ObjectWriter';
  return /<ObjectOwnership>\s*(\w+)\s*<\/ObjectOwnership>/.exec(doc ?? '')?.[1] ?? 'BucketOwnerEnforced';
}

/** An ACL in headers (canned or grants) or in an AccessControlPolicy body that gives anyone but the owner access. */
export function grantsOthers(headers: IncomingHttpHeaders | Record<string, string | undefined>, body?: string): boolean {
  const canned = headers['x-amz-acl'];
  if (typeof canned === 'string' && !OWNER_ONLY_ACLS.includes(canned.trim())) return true;
  if (GRANT_HEADERS.some((h) => headers[h] !== undefined)) return true;
  if (body && (/acs\.amazonaws\.com\/groups\//.test(body) || /<Permission>\s*(?!FULL_CONTROL)\w+\s*<\/Permission>/.test(body))) return true;
  return false;
}

/** Rejects an ACL-carrying write to a bucket whose ACLs are disabled. */
export function checkAclAllowed(store: S3Store, bucket: BucketRow, headers: IncomingHttpHeaders | Record<string, string | undefined>, body?: string): void {
  if (objectOwnership(store, bucket) === 'BucketOwnerEnforced' && grantsOthers(headers, body)) {
    throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
  }
}

/** CreateBucket's `x-amz-object-ownership`: the stored OwnershipControls document, after checking the bucket ACL fits it. */
export function ownershipAtCreation(headers: IncomingHttpHeaders): string | undefined {
  const requested = headers['x-amz-object-ownership'];
  const ownership = typeof requested === 'string' && OWNERSHIPS.includes(requested) ? requested : 'BucketOwnerEnforced';
  if (ownership === 'BucketOwnerEnforced' && grantsOthers(headers)) {
    throw new AwsError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  }
  if (typeof requested !== 'string') return undefined;
  return renderXmlDocument('OwnershipControls', { Rule: { ObjectOwnership: ownership } }, S3_XMLNS);
}
