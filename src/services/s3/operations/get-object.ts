import { checksumHeader } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { evaluateConditions, objectHeaders, parseRange, quotedEtag, httpDate } from '../object-headers.js';
import { readableVersion, requireBucket } from '../objects.js';
import { parseAttrs } from '../store.js';
import type { S3Operation, S3Request, S3Context, S3Response } from '../types.js';
import { ARCHIVE_CLASSES } from '../validation.js';

const OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

async function readObject(req: S3Request, s3: S3Context, withBody: boolean): Promise<S3Response> {
  const bucket = requireBucket(s3, req);
  const key = req.key!;
  const row = readableVersion(s3, bucket, key, req.query.get('versionId'));
  const attrs = parseAttrs(row);
  if (withBody && ARCHIVE_CLASSES.has(row.storage_class) && !(attrs.restore && !attrs.restore.ongoing)) {
    throw S3Errors.invalidObjectState(row.storage_class);
  }
  if (evaluateConditions(req.headers, row) === 'not-modified') {
    const headers: Record<string, string> = { ETag: quotedEtag(row.etag), 'Last-Modified': httpDate(row.last_modified) };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    return { status: 304, headers };
  }
  let range = parseRange(req.headers.range, row.size);
  const partNumber = req.query.get('partNumber');
  if (partNumber !== null) {
    if (req.headers.range !== undefined) throw S3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
    const n = Number(partNumber);
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      throw S3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partNumber);
    // A single-part object is its own part 1; a multipart object's parts keep their sizes.
    const sizes = attrs.partSizes ?? [row.size];
    if (n > sizes.length) throw S3Errors.invalidPartNumber();
    const start = sizes.slice(0, n - 1).reduce((a, b) => a + b, 0);
    // Either way the part is served as a range (206 with Content-Range), unless there are no bytes.
    if (sizes[n - 1]! > 0) range = { start, end: start + sizes[n - 1]! - 1 };
  }
  const checksumMode = String(req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  const headers = objectHeaders(bucket, row, attrs, checksumMode && range === undefined);
  // AWS reports the parts count only for objects that were uploaded in parts.
  if (partNumber !== null && attrs.partsCount) headers['x-amz-mp-parts-count'] = attrs.partsCount;
  // A part read of a multipart object carries that part's checksum, and the object's checksum type.
  const partChecksum = partNumber !== null && attrs.checksum ? attrs.partChecksums?.[Number(partNumber) - 1] : undefined;
  if (checksumMode && partChecksum && attrs.checksum) {
    headers[checksumHeader(attrs.checksum.algorithm)] = partChecksum;
    headers['x-amz-checksum-type'] = attrs.checksum.type;
  }
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = req.query.get(param);
    if (value !== null) headers[header] = value;
  }
  const length = range ? range.end - range.start + 1 : row.size;
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${row.size}`;
  const status = range ? 206 : 200;
  if (!withBody) return { status, headers: { ...headers, 'Content-Length': length } };
  if (length === 0 || !row.blob_id) return { status, headers, body: Buffer.alloc(0) };
  return { status, headers, body: s3.blobs.openRead(row.blob_id, range), bodyLength: length };
}

export const getObject: S3Operation = {
  name: 'GetObject',
  run: (req, s3) => readObject(req, s3, true),
};

export const headObject: S3Operation = {
  name: 'HeadObject',
  run: (req, s3) => readObject(req, s3, false),
};
