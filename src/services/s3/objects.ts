import { S3Errors, S3HeaderError } from './errors.js';
import { newVersionId } from './ids.js';
import type { EventOrigin } from './notifications/record.js';
import type { BucketRow, ObjectAttrs, ObjectRow } from './store.js';
import type { S3Context, S3Request } from './types.js';
import { checkBucketAccess } from './bucket-access.js';

/** The bucket of the request, or NoSuchBucket. */
export function requireBucket(s3: S3Context, req: S3Request): BucketRow {
  const bucket = req.bucket === undefined ? undefined : s3.store.bucket(req.bucket);
  if (!bucket) throw S3Errors.noSuchBucket(req.bucket ?? '');
  // `x-amz-expected-bucket-owner` guards against writing to someone else's bucket of the same name.
  const expectedOwner = req.headers['x-amz-expected-bucket-owner'];
  if (typeof expectedOwner === 'string' && expectedOwner !== bucket.account_id) throw S3Errors.accessDenied();
  checkBucketAccess(s3.store, bucket, req.ctx, req.key);
  return bucket;
}

export function originOf(req: S3Request): EventOrigin {
  const ip = req.exchange.req.socket.remoteAddress ?? '127.0.0.1';
  const trace = req.headers['x-amzn-trace-id'];
  return {
    requestId: req.requestId,
    hostId: req.hostId,
    sourceIp: ip.replace(/^::ffff:/, ''),
    principalId: req.ctx.accessKeyId ? `AWS:${req.ctx.accessKeyId}` : 'Anonymous',
    traceHeader: typeof trace === 'string' ? trace : undefined,
  };
}

/** The version a request reads: `versionId` given, else the latest (which must not be a delete marker). */
export function readableVersion(s3: S3Context, bucket: BucketRow, key: string, versionId: string | null): ObjectRow {
  if (versionId !== null) {
    const row = s3.store.version(bucket.name, key, versionId);
    if (!row) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]{20,}$/.test(versionId))
        throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
      throw S3Errors.noSuchVersion(key, versionId);
    }
    if (row.delete_marker) {
      throw new S3HeaderError(S3Errors.methodNotAllowed('GET', 'DeleteMarker'), { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.version_id });
    }
    return row;
  }
  const row = s3.store.latest(bucket.name, key);
  if (!row) throw S3Errors.noSuchKey(key);
  if (row.delete_marker) throw new S3HeaderError(S3Errors.noSuchKey(key), { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.version_id });
  return row;
}

export interface NewObject {
  key: string;
  blobId: string | null;
  size: number;
  etag: string;
  storageClass: string;
  attrs: ObjectAttrs;
  deleteMarker?: boolean;
}

/**
 * Makes a new current version of a key. With versioning enabled it gets a fresh version id;
 * otherwise it replaces the `null` version. Blobs no longer referenced are deleted after commit.
 */
export function commitVersion(s3: S3Context, bucket: BucketRow, obj: NewObject): ObjectRow {
  const now = s3.deps.clock.now();
  const versionId = bucket.versioning === 'Enabled' ? newVersionId() : 'null';
  const orphans: string[] = [];
  const row: ObjectRow = {
    bucket: bucket.name,
    key: obj.key,
    version_id: versionId,
    seq: s3.store.nextSeq(),
    is_latest: 1,
    delete_marker: obj.deleteMarker ? 1 : 0,
    blob_id: obj.blobId,
    size: obj.size,
    etag: obj.etag,
    last_modified: now,
    storage_class: obj.storageClass,
    attrs: JSON.stringify(obj.attrs),
  };
  s3.store.transaction(() => {
    if (versionId === 'null') {
      const previous = s3.store.version(bucket.name, obj.key, 'null');
      if (previous?.blob_id) orphans.push(previous.blob_id);
    }
    s3.store.clearLatest(bucket.name, obj.key);
    s3.store.insertObject(row);
  });
  releaseBlobs(s3, orphans);
  return row;
}

export function releaseBlobs(s3: S3Context, blobIds: readonly (string | null | undefined)[]): void {
  for (const id of blobIds) {
    if (id) s3.blobs.delete(id).catch((err) => s3.deps.logger.warn(`could not delete blob ${id}: ${String(err)}`));
  }
}

export interface DeleteOutcome {
  versionId?: string;
  deleteMarker: boolean;
  eventName: 'ObjectRemoved:Delete' | 'ObjectRemoved:DeleteMarkerCreated';
  eTag?: string;
}

/** DeleteObject's semantics for every versioning state; also used by DeleteObjects. */
export function deleteKey(s3: S3Context, bucket: BucketRow, key: string, versionId: string | undefined): DeleteOutcome {
  if (versionId !== undefined) {
    const row = s3.store.version(bucket.name, key, versionId);
    if (!row) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]{20,}$/.test(versionId))
        throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
      return { versionId, deleteMarker: false, eventName: 'ObjectRemoved:Delete' };
    }
    s3.store.transaction(() => {
      s3.store.deleteVersion(bucket.name, key, versionId);
      if (row.is_latest) s3.store.promoteNewest(bucket.name, key);
    });
    releaseBlobs(s3, [row.blob_id]);
    return { versionId, deleteMarker: row.delete_marker === 1, eventName: 'ObjectRemoved:Delete' };
  }
  if (!bucket.versioning) {
    const row = s3.store.version(bucket.name, key, 'null');
    if (row) {
      s3.store.deleteVersion(bucket.name, key, 'null');
      releaseBlobs(s3, [row.blob_id]);
    }
    return { deleteMarker: false, eventName: 'ObjectRemoved:Delete' };
  }
  const marker = commitVersion(s3, bucket, {
    key,
    blobId: null,
    size: 0,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    storageClass: 'STANDARD',
    attrs: {},
    deleteMarker: true,
  });
  return { versionId: marker.version_id, deleteMarker: true, eventName: 'ObjectRemoved:DeleteMarkerCreated', eTag: marker.etag };
}
