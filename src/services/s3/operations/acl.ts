import { checkAclAllowed } from '../acl-rules.js';
import { originOf, readableVersion, requireBucket } from '../objects.js';
import { readSmallBody } from '../request-body.js';
import type { S3Operation, S3Request, S3Context, S3Response } from '../types.js';
import { ownerElement } from './buckets.js';

/** ACLs are accepted and reported as the owner's full control (Tributary checks no permissions). */
function ownerAcl(accountId: string): S3Response {
  const owner = ownerElement(accountId);
  return {
    xml: {
      root: 'AccessControlPolicy',
      content: {
        Owner: owner,
        AccessControlList: {
          Grant: {
            Grantee: { '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', '@xsi:type': 'CanonicalUser', ID: owner.ID, DisplayName: owner.DisplayName },
            Permission: 'FULL_CONTROL',
          },
        },
      },
    },
  };
}

async function objectAcl(req: S3Request, s3: S3Context, put: boolean): Promise<S3Response> {
  const bucket = requireBucket(s3, req);
  const row = readableVersion(s3, bucket, req.key!, req.query.get('versionId'));
  if (!put) return ownerAcl(bucket.account_id);
  checkAclAllowed(s3.store, bucket, req.headers, (await readSmallBody(req)).toString('utf8'));
  s3.notifier.emit(bucket, { name: 'ObjectAcl:Put', key: row.key, eTag: row.etag, versionId: row.version_id, sequenced: false }, originOf(req));
  return {};
}

export const getObjectAcl: S3Operation = { name: 'GetObjectAcl', run: (req, s3) => objectAcl(req, s3, false) };
export const putObjectAcl: S3Operation = { name: 'PutObjectAcl', run: (req, s3) => objectAcl(req, s3, true) };

export const getBucketAcl: S3Operation = {
  name: 'GetBucketAcl',
  async run(req, s3) {
    return ownerAcl(requireBucket(s3, req).account_id);
  },
};

export const putBucketAcl: S3Operation = {
  name: 'PutBucketAcl',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    checkAclAllowed(s3.store, bucket, req.headers, (await readSmallBody(req)).toString('utf8'));
    return {};
  },
};
