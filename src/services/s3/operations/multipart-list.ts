import { isoDate, quotedEtag } from '../object-headers.js';
import { requireBucket } from '../objects.js';
import { parseAttrs } from '../store.js';
import type { S3Operation } from '../types.js';
import { ownerElement } from './buckets.js';
import { requireUpload } from './multipart-upload.js';

export const listParts: S3Operation = {
  name: 'ListParts',
  async run(req, s3) {
    const upload = requireUpload(req, s3);
    const bucket = requireBucket(s3, req);
    const maxParts = Math.min(Number(req.query.get('max-parts') ?? 1000) || 1000, 1000);
    const marker = Number(req.query.get('part-number-marker') ?? 0) || 0;
    const all = s3.store.parts(upload.upload_id).filter((p) => p.part_number > marker);
    const page = all.slice(0, maxParts);
    const truncated = all.length > page.length;
    const owner = ownerElement(bucket.account_id);
    const attrs = parseAttrs(upload);
    return {
      xml: {
        root: 'ListPartsResult',
        content: {
          Bucket: bucket.name,
          Key: upload.key,
          UploadId: upload.upload_id,
          PartNumberMarker: marker,
          NextPartNumberMarker: page.length ? page[page.length - 1]!.part_number : undefined,
          MaxParts: maxParts,
          IsTruncated: truncated,
          Part: page.map((p) => {
            const checksum = p.checksum ? (JSON.parse(p.checksum) as { algorithm: string; value: string }) : undefined;
            return {
              PartNumber: p.part_number,
              LastModified: isoDate(p.last_modified),
              ETag: quotedEtag(p.etag),
              Size: p.size,
              ...(checksum ? { [`Checksum${checksum.algorithm}`]: checksum.value } : {}),
            };
          }),
          Initiator: owner,
          Owner: owner,
          StorageClass: upload.storage_class,
          ChecksumAlgorithm: attrs.checksumAlgorithm,
          ChecksumType: attrs.checksumType,
        },
      },
    };
  },
};

export const listMultipartUploads: S3Operation = {
  name: 'ListMultipartUploads',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const prefix = req.query.get('prefix') ?? '';
    const keyMarker = req.query.get('key-marker') ?? '';
    const uploadIdMarker = req.query.get('upload-id-marker') ?? '';
    const maxUploads = Math.min(Number(req.query.get('max-uploads') ?? 1000) || 1000, 1000);
    const all = s3.store.uploadsOf(bucket.name, prefix).filter((u) =>
      keyMarker === '' ? true : u.key > keyMarker || (uploadIdMarker !== '' && u.key === keyMarker && u.upload_id > uploadIdMarker),
    );
    const page = all.slice(0, maxUploads);
    const truncated = all.length > page.length;
    const owner = ownerElement(bucket.account_id);
    const last = page[page.length - 1];
    return {
      xml: {
        root: 'ListMultipartUploadsResult',
        content: {
          Bucket: bucket.name,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
          NextKeyMarker: truncated && last ? last.key : undefined,
          NextUploadIdMarker: truncated && last ? last.upload_id : undefined,
          Prefix: req.query.has('prefix') ? prefix : undefined,
          MaxUploads: maxUploads,
          IsTruncated: truncated,
          Upload: page.map((u) => ({
            Key: u.key,
            UploadId: u.upload_id,
            Initiator: owner,
            Owner: owner,
            StorageClass: u.storage_class,
            Initiated: isoDate(u.initiated),
          })),
        },
      },
    };
  },
};
