import type { IncomingHttpHeaders } from 'node:http';
import type { XmlElement } from '../../../protocols/rest-xml.js';
import { S3Errors } from '../errors.js';
import { httpDate } from '../object-headers.js';
import { readableVersion, requireBucket } from '../objects.js';
import { parseAttrs, type ObjectAttrs } from '../store.js';
import type { S3Operation } from '../types.js';

/**
 * The page of parts `x-amz-max-parts` (default and most 1000) and `x-amz-part-number-marker` ask
 * for, each with the checksum it was uploaded with.
 */
function objectParts(headers: IncomingHttpHeaders, attrs: ObjectAttrs): XmlElement {
  const sizes = attrs.partSizes ?? [];
  const maxParts = integerHeader(headers, 'x-amz-max-parts', 1000);
  const marker = integerHeader(headers, 'x-amz-part-number-marker', 0);
  const page = sizes.map((size, i) => ({ n: i + 1, size })).filter((p) => p.n > marker);
  const shown = page.slice(0, Math.min(maxParts, 1000));
  const truncated = shown.length < page.length;
  const algorithm = attrs.checksum?.algorithm;
  return {
    PartsCount: sizes.length,
    PartNumberMarker: marker,
    NextPartNumberMarker: shown.at(-1)?.n ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: shown.map((p) => {
      const checksum = algorithm ? attrs.partChecksums?.[p.n - 1] : undefined;
      return { ...(checksum ? { [`Checksum${algorithm}`]: checksum } : {}), PartNumber: p.n, Size: p.size };
    }),
  };
}

function integerHeader(headers: IncomingHttpHeaders, name: string, fallback: number): number {
  const raw = headers[name];
  if (typeof raw !== 'string') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw S3Errors.invalidArgument(`Provided ${name.replace(/^x-amz-/, '')} not an integer or within integer range`, name, raw);
  return Number(raw);
}

/** GetObjectAttributes: the attributes named in `x-amz-object-attributes`, without the body. */
export const getObjectAttributes: S3Operation = {
  name: 'GetObjectAttributes',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const row = readableVersion(s3, bucket, req.key!, req.query.get('versionId'));
    const attrs = parseAttrs(row);
    const wanted = new Set(
      String(req.headers['x-amz-object-attributes'] ?? '')
        .split(',')
        .map((a) => a.trim()),
    );
    const content: XmlElement = {};
    if (wanted.has('ETag')) content.ETag = row.etag;
    if (wanted.has('Checksum') && attrs.checksum) {
      content.Checksum = { [`Checksum${attrs.checksum.algorithm}`]: attrs.checksum.value, ChecksumType: attrs.checksum.type };
    }
    if (wanted.has('ObjectParts') && attrs.partSizes) content.ObjectParts = objectParts(req.headers, attrs);
    if (wanted.has('StorageClass')) content.StorageClass = row.storage_class;
    if (wanted.has('ObjectSize')) content.ObjectSize = row.size;
    const headers: Record<string, string> = { 'Last-Modified': httpDate(row.last_modified) };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    return { headers, xml: { root: 'GetObjectAttributesResponse', content } };
  },
};
