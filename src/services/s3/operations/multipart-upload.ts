import { createHash } from 'node:crypto';
import { receiveBody } from '../body.js';
import { checksumHeader, parseAlgorithm } from '../checksums.js';
import { resolveCopySource } from '../copy-source.js';
import { S3Errors } from '../errors.js';
import { md5Hex, newUploadId } from '../ids.js';
import { objectWriteRequest } from '../object-write.js';
import { isoDate, quotedEtag } from '../object-headers.js';
import { releaseBlobs, requireBucket } from '../objects.js';
import type { UploadRow } from '../store.js';
import type { S3Context, S3Operation, S3Request } from '../types.js';

/** The upload named by `uploadId`, which must be for this bucket and key. */
export function requireUpload(req: S3Request, s3: S3Context): UploadRow {
  requireBucket(s3, req);
  const uploadId = req.query.get('uploadId') ?? '';
  const upload = s3.store.upload(uploadId);
  if (!upload || upload.bucket !== req.bucket || upload.key !== req.key) throw S3Errors.noSuchUpload(uploadId);
  return upload;
}

function partNumberOf(req: S3Request): number {
  const raw = req.query.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    throw S3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  }
  return n;
}

export const createMultipartUpload: S3Operation = {
  name: 'CreateMultipartUpload',
  async run(req, s3) {
    const { bucket, key, storageClass, attrs } = objectWriteRequest(req, s3);
    const named = req.headers['x-amz-checksum-algorithm'] as string | undefined;
    const algorithm = parseAlgorithm(named);
    if (named && !algorithm) {
      throw S3Errors.invalidRequest(
        'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      );
    }
    const requestedType = String(req.headers['x-amz-checksum-type'] ?? '').toUpperCase();
    if (algorithm) {
      attrs.checksumAlgorithm = algorithm;
      attrs.checksumType = requestedType === 'FULL_OBJECT' || algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
    }
    const uploadId = newUploadId();
    s3.store.insertUpload({
      upload_id: uploadId,
      bucket: bucket.name,
      key,
      initiated: s3.deps.clock.now(),
      storage_class: storageClass,
      attrs: JSON.stringify(attrs),
    });
    const headers: Record<string, string> = { 'x-amz-server-side-encryption': 'AES256' };
    if (algorithm) {
      headers['x-amz-checksum-algorithm'] = algorithm;
      headers['x-amz-checksum-type'] = attrs.checksumType!;
    }
    return { headers, xml: { root: 'InitiateMultipartUploadResult', content: { Bucket: bucket.name, Key: key, UploadId: uploadId } } };
  },
};

export const uploadPart: S3Operation = {
  name: 'UploadPart',
  async run(req, s3) {
    const upload = requireUpload(req, s3);
    const partNumber = partNumberOf(req);
    const body = await receiveBody(req.exchange.req, s3.files);
    const etag = body.md5.toString('hex');
    if (!s3.store.upload(upload.upload_id)) {
      releaseBlobs(s3, [body.blobId]);
      throw S3Errors.noSuchUpload(upload.upload_id);
    }
    const replaced = s3.store.putPart({
      upload_id: upload.upload_id,
      part_number: partNumber,
      blob_id: body.blobId,
      size: body.size,
      etag,
      last_modified: s3.deps.clock.now(),
      checksum: body.checksum ? JSON.stringify(body.checksum) : null,
    });
    releaseBlobs(s3, [replaced]);
    const headers: Record<string, string> = { ETag: quotedEtag(etag), 'x-amz-server-side-encryption': 'AES256' };
    if (body.checksum) headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
    return { headers };
  },
};

export const uploadPartCopy: S3Operation = {
  name: 'UploadPartCopy',
  async run(req, s3) {
    const upload = requireUpload(req, s3);
    const partNumber = partNumberOf(req);
    const source = resolveCopySource(req, s3);
    const rangeHeader = req.headers['x-amz-copy-source-range'] as string | undefined;
    const range = rangeHeader === undefined ? undefined : copySourceRange(rangeHeader, source.row.size);
    const md5 = createHash('md5');
    const blob = source.row.blob_id
      ? await s3.blobs.write(s3.blobs.openRead(source.row.blob_id, range).on('data', (c: Buffer) => md5.update(c)))
      : await s3.blobs.write(Buffer.alloc(0));
    const etag = md5.digest('hex');
    const now = s3.deps.clock.now();
    const replaced = s3.store.putPart({
      upload_id: upload.upload_id,
      part_number: partNumber,
      blob_id: blob.id,
      size: blob.size,
      etag,
      last_modified: now,
      checksum: null,
    });
    releaseBlobs(s3, [replaced]);
    const headers: Record<string, string> = {};
    if (source.bucket.versioning) headers['x-amz-copy-source-version-id'] = source.row.version_id;
    return { headers, xml: { root: 'CopyPartResult', content: { ETag: quotedEtag(etag), LastModified: isoDate(now) } } };
  },
};

/**
 * `x-amz-copy-source-range: bytes=first-last`, both offsets given and inside the source: S3 does
 * not clamp a copy range as it clamps a GET range; a range reaching past the source is refused.
 */
function copySourceRange(value: string, size: number): { start: number; end: number } {
  const m = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!m || Number(m[2]) < Number(m[1])) {
    throw S3Errors.invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      value,
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end >= size) throw S3Errors.invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', value);
  return { start, end };
}

export const abortMultipartUpload: S3Operation = {
  name: 'AbortMultipartUpload',
  async run(req, s3) {
    const upload = requireUpload(req, s3);
    const parts = s3.store.parts(upload.upload_id);
    s3.store.deleteUpload(upload.upload_id);
    releaseBlobs(
      s3,
      parts.map((p) => p.blob_id),
    );
    return { status: 204 };
  },
};

/** The multipart ETag: MD5 of the concatenated binary part MD5s, then `-<part count>`. */
export function multipartEtag(partEtags: readonly string[]): string {
  return `${md5Hex(Buffer.concat(partEtags.map((e) => Buffer.from(e, 'hex'))))}-${partEtags.length}`;
}
