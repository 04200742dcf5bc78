import { isoDate, quotedEtag } from '../object-headers.js';
import { requireBucket } from '../objects.js';
import { parseAttrs, type UploadRow } from '../store.js';
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
    const delimiter = req.query.get('delimiter') ?? '';
    const keyMarker = req.query.get('key-marker') ?? '';
    const uploadIdMarker = req.query.get('upload-id-marker') ?? '';
    const rawMax = req.query.get('max-uploads');
    const maxUploads = Math.min(rawMax !== null && /^\d+$/.test(rawMax) ? Number(rawMax) : 1000, 1000);
    const all = s3.store.uploadsOf(bucket.name, prefix);
    // Uploads of the marker key come after the marker upload (in listing order), later keys all follow.
    const markerAt = uploadIdMarker === '' ? -1 : all.findIndex((u) => u.key === keyMarker && u.upload_id === uploadIdMarker);
    const rest = all.filter((u, i) => keyMarker === '' || u.key > keyMarker || (markerAt >= 0 && u.key === keyMarker && i > markerAt));
    const uploads: UploadRow[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last: { key: string; uploadId?: string } | undefined;
    for (const u of rest) {
      const at = delimiter === '' ? -1 : u.key.indexOf(delimiter, prefix.length);
      const commonPrefix = at >= 0 ? u.key.slice(0, at + delimiter.length) : undefined;
      // A prefix already listed, on this page or as the previous page's marker, is not listed again.
      if (commonPrefix !== undefined && (commonPrefix === prefixes[prefixes.length - 1] || commonPrefix === keyMarker)) continue;
      if (uploads.length + prefixes.length >= maxUploads) {
        truncated = maxUploads > 0;
        break;
      }
      if (commonPrefix !== undefined) {
        prefixes.push(commonPrefix);
        last = { key: commonPrefix };
      } else {
        uploads.push(u);
        last = { key: u.key, uploadId: u.upload_id };
      }
    }
    const owner = ownerElement(bucket.account_id);
    return {
      xml: {
        root: 'ListMultipartUploadsResult',
        content: {
          Bucket: bucket.name,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
          NextKeyMarker: truncated && last ? last.key : undefined,
          NextUploadIdMarker: truncated && last ? (last.uploadId ?? '') : undefined,
          Delimiter: delimiter !== '' ? delimiter : undefined,
          Prefix: req.query.has('prefix') ? prefix : undefined,
          MaxUploads: maxUploads,
          IsTruncated: truncated,
          Upload: uploads.map((u) => ({
            Key: u.key,
            UploadId: u.upload_id,
            Initiator: owner,
            Owner: owner,
            StorageClass: u.storage_class,
            Initiated: isoDate(u.initiated),
          })),
          CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
        },
      },
    };
  },
};
