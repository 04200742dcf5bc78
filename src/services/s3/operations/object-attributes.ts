import type { XmlElement } from '../../../protocols/rest-xml.js';
import { httpDate } from '../object-headers.js';
import { readableVersion, requireBucket } from '../objects.js';
import { parseAttrs } from '../store.js';
import type { S3Operation } from '../types.js';

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
    if (wanted.has('ObjectParts') && attrs.partSizes) {
      content.ObjectParts = {
        PartsCount: attrs.partSizes.length,
        PartNumberMarker: 0,
        NextPartNumberMarker: attrs.partSizes.length,
        MaxParts: 1000,
        IsTruncated: false,
        Part: attrs.partSizes.map((size, i) => ({ PartNumber: i + 1, Size: size })),
      };
    }
    if (wanted.has('StorageClass')) content.StorageClass = row.storage_class;
    if (wanted.has('ObjectSize')) content.ObjectSize = row.size;
    const headers: Record<string, string> = { 'Last-Modified': httpDate(row.last_modified) };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    return { headers, xml: { root: 'GetObjectAttributesResponse', content } };
  },
};
