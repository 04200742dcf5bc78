import { ownershipAtCreation } from '../acl-rules.js';
import { S3Errors } from '../errors.js';
import { canonicalUserId } from '../ids.js';
import { isoDate } from '../object-headers.js';
import { requireBucket } from '../objects.js';
import { readSmallBody, readXml, xmlText } from '../request-body.js';
import { parseXmlDocument, renderXmlDocument } from '../../../protocols/rest-xml.js';
import { validateBucketName } from '../validation.js';
import type { S3Operation } from '../types.js';
import { S3_XMLNS } from '../types.js';

const DEFAULT_PUBLIC_ACCESS_BLOCK = renderXmlDocument(
  'PublicAccessBlockConfiguration',
  { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  S3_XMLNS,
);

export function ownerElement(accountId: string) {
  return { ID: canonicalUserId(accountId), DisplayName: 'tributary' };
}

export const listBuckets: S3Operation = {
  name: 'ListBuckets',
  async run(req, s3) {
    const prefix = req.query.get('prefix') ?? '';
    const region = req.query.get('bucket-region');
    const max = Number(req.query.get('max-buckets') ?? 10000);
    const after = req.query.get('continuation-token') ? Buffer.from(req.query.get('continuation-token')!, 'base64').toString() : '';
    const all = s3.store.bucketsOf(req.ctx.accountId).filter((b) => b.name.startsWith(prefix) && b.name > after && (!region || b.region === region));
    const page = all.slice(0, max);
    const truncated = all.length > page.length;
    return {
      xml: {
        root: 'ListAllMyBucketsResult',
        content: {
          Owner: ownerElement(req.ctx.accountId),
          Buckets: { Bucket: page.map((b) => ({ Name: b.name, CreationDate: isoDate(b.created_at), BucketRegion: b.region })) },
          ContinuationToken: truncated ? Buffer.from(page[page.length - 1]!.name).toString('base64') : undefined,
          Prefix: req.query.has('prefix') ? prefix : undefined,
        },
      },
    };
  },
};

export const createBucket: S3Operation = {
  name: 'CreateBucket',
  async run(req, s3) {
    const name = req.bucket!;
    const body = await readSmallBody(req);
    let constraint: string | undefined;
    if (body.length > 0) {
      let doc: Record<string, unknown>;
      try {
        doc = parseXmlDocument(body);
      } catch {
        throw S3Errors.malformedXml();
      }
      const config = doc.CreateBucketConfiguration;
      if (config === undefined) throw S3Errors.malformedXml();
      constraint = xmlText((config as Record<string, unknown>)?.LocationConstraint)?.trim() || undefined;
      // `EU` is the legacy name of eu-west-1, still accepted.
      if (constraint === 'EU') constraint = 'eu-west-1';
    }
    validateBucketName(name);
    const requestRegion = req.ctx.region;
    if (constraint === undefined) {
      if (requestRegion !== 'us-east-1') {
        throw S3Errors.illegalLocationConstraint(
          'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
        );
      }
    } else if (constraint === 'us-east-1' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(constraint)) {
      throw S3Errors.invalidLocationConstraint(constraint);
    } else if (requestRegion !== 'us-east-1' && constraint !== requestRegion) {
      throw S3Errors.illegalLocationConstraint(
        `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    const ownership = ownershipAtCreation(req.headers);
    const existing = s3.store.bucket(name);
    if (existing) {
      if (existing.account_id !== req.ctx.accountId) throw S3Errors.bucketAlreadyExists(name);
      // In us-east-1 re-creating your own bucket succeeds (a legacy behaviour AWS keeps).
      if (existing.region === 'us-east-1' && requestRegion === 'us-east-1' && constraint === undefined) return { headers: { Location: `/${name}` } };
      throw S3Errors.bucketAlreadyOwnedByYou(name);
    }
    s3.store.insertBucket({ name, account_id: req.ctx.accountId, region: constraint ?? 'us-east-1', created_at: s3.deps.clock.now() });
    // New buckets start with every Block Public Access setting on (until the configuration is deleted).
    s3.store.setBucketDocument(name, 'publicAccessBlock', DEFAULT_PUBLIC_ACCESS_BLOCK);
    if (ownership) s3.store.setBucketDocument(name, 'ownershipControls', ownership);
    return { headers: { Location: `/${name}` } };
  },
};

export const deleteBucket: S3Operation = {
  name: 'DeleteBucket',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    if (s3.store.bucketHasContent(bucket.name)) throw S3Errors.bucketNotEmpty(bucket.name);
    const blobs = s3.store.blobIdsOfBucket(bucket.name);
    s3.store.deleteBucket(bucket.name);
    for (const id of blobs) void s3.blobs.delete(id);
    return { status: 204 };
  },
};

export const headBucket: S3Operation = {
  name: 'HeadBucket',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    return { headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' } };
  },
};

export const getBucketLocation: S3Operation = {
  name: 'GetBucketLocation',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    return { xml: { root: 'LocationConstraint', content: bucket.region === 'us-east-1' ? '' : bucket.region } };
  },
};

export const getBucketVersioning: S3Operation = {
  name: 'GetBucketVersioning',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    return { xml: { root: 'VersioningConfiguration', content: bucket.versioning ? { Status: bucket.versioning } : {} } };
  },
};

export const putBucketVersioning: S3Operation = {
  name: 'PutBucketVersioning',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const doc = await readXml(req);
    const config = doc.VersioningConfiguration as Record<string, unknown> | undefined;
    const status = xmlText(config?.Status)?.trim();
    if (config === undefined || (status !== undefined && status !== 'Enabled' && status !== 'Suspended')) throw S3Errors.malformedXml();
    if (status) s3.store.setBucketField(bucket.name, 'versioning', status);
    return {};
  },
};
