import { Readable } from 'node:stream';
import { checksumHeader, compositeChecksum, createChecksum, type ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { quotedEtag } from '../object-headers.js';
import { commitVersion, originOf, releaseBlobs, requireBucket } from '../objects.js';
import { readXml, xmlText } from '../request-body.js';
import { parseAttrs, type PartRow } from '../store.js';
import type { S3Context, S3Operation } from '../types.js';
import { multipartEtag, requireUpload } from './multipart-upload.js';
import { checkWriteConditions } from './put-object.js';

const MIN_PART_SIZE = 5 * 1024 * 1024;

function concatenate(s3: S3Context, parts: readonly PartRow[], onChunk: (chunk: Buffer) => void): Readable {
  return Readable.from(
    (async function* () {
      for (const part of parts) {
        for await (const chunk of s3.blobs.read(part.blob_id)) {
          onChunk(chunk as Buffer);
          yield chunk as Buffer;
        }
      }
    })(),
  );
}

export const completeMultipartUpload: S3Operation = {
  name: 'CompleteMultipartUpload',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const upload = requireUpload(req, s3);
    const doc = await readXml(req, ['Part']);
    const root = doc.CompleteMultipartUpload as Record<string, unknown> | undefined;
    const requested = ((root?.Part as Record<string, unknown>[] | undefined) ?? []).map((p) => ({
      partNumber: Number(xmlText(p?.PartNumber)),
      etag: (xmlText(p?.ETag) ?? '')
        .trim()
        .replace(/^"|"$/g, '')
        .replace(/^&quot;|&quot;$/g, ''),
    }));
    if (!root || requested.length === 0 || requested.some((p) => !Number.isInteger(p.partNumber))) throw S3Errors.malformedXml();
    for (let i = 1; i < requested.length; i++) {
      if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw S3Errors.invalidPartOrder(upload.upload_id);
    }
    const stored = new Map(s3.store.parts(upload.upload_id).map((p) => [p.part_number, p]));
    const parts = requested.map((r) => {
      const part = stored.get(r.partNumber);
      if (!part || part.etag !== r.etag) throw S3Errors.invalidPart(upload.upload_id, r.partNumber, r.etag);
      return part;
    });
    parts.forEach((part, i) => {
      if (i < parts.length - 1 && part.size < MIN_PART_SIZE) throw S3Errors.entityTooSmall(part.size, part.part_number, part.etag);
    });
    if (req.headers['if-none-match'] !== undefined || req.headers['if-match'] !== undefined) {
      checkWriteConditions(req.headers, upload.key, s3.store.latest(bucket.name, upload.key));
    }

    const attrs = parseAttrs(upload);
    const algorithm = attrs.checksumAlgorithm as ChecksumAlgorithm | undefined;
    const fullChecksum = algorithm && attrs.checksumType === 'FULL_OBJECT' ? createChecksum(algorithm) : undefined;
    const blob = await s3.blobs.write(concatenate(s3, parts, (chunk) => fullChecksum?.update(chunk)));
    if (!s3.store.upload(upload.upload_id)) {
      releaseBlobs(s3, [blob.id]);
      throw S3Errors.noSuchUpload(upload.upload_id);
    }
    if (algorithm) {
      const partDigests = parts.map((p) => (p.checksum ? (JSON.parse(p.checksum) as { value: string }).value : undefined));
      const value = fullChecksum
        ? fullChecksum.digest()
        : partDigests.every((d) => d !== undefined)
          ? compositeChecksum(algorithm, partDigests as string[])
          : undefined;
      if (value) {
        // The caller may send the checksum it expects of the whole object; S3 checks it before completing.
        const expected = req.headers[checksumHeader(algorithm)];
        if (typeof expected === 'string' && expected !== value && `${expected}-${parts.length}` !== value) {
          releaseBlobs(s3, [blob.id]);
          throw S3Errors.checksumMismatch(algorithm);
        }
        attrs.checksum = { algorithm, value, type: attrs.checksumType ?? 'COMPOSITE' };
      }
      attrs.partChecksums = partDigests.map((d) => d ?? null);
    }
    delete attrs.checksumAlgorithm;
    delete attrs.checksumType;
    attrs.partsCount = parts.length;
    attrs.partSizes = parts.map((p) => p.size);
    const etag = multipartEtag(parts.map((p) => p.etag));
    const row = commitVersion(s3, bucket, { key: upload.key, blobId: blob.id, size: blob.size, etag, storageClass: upload.storage_class, attrs });
    s3.store.deleteUpload(upload.upload_id);
    releaseBlobs(
      s3,
      [...stored.values()].map((p) => p.blob_id),
    );
    s3.notifier.emit(
      bucket,
      { name: 'ObjectCreated:CompleteMultipartUpload', key: upload.key, size: blob.size, eTag: etag, versionId: row.version_id },
      originOf(req),
    );

    const headers: Record<string, string> = { 'x-amz-server-side-encryption': 'AES256' };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    const checksum = attrs.checksum;
    if (checksum) headers[checksumHeader(checksum.algorithm)] = checksum.value;
    const host = String(req.headers.host ?? 'localhost');
    return {
      headers,
      xml: {
        root: 'CompleteMultipartUploadResult',
        content: {
          Location: `http://${host}/${bucket.name}/${encodeURI(upload.key)}`,
          Bucket: bucket.name,
          Key: upload.key,
          ETag: quotedEtag(etag),
          ...(checksum ? { [`Checksum${checksum.algorithm}`]: checksum.value, ChecksumType: checksum.type } : {}),
        },
      },
    };
  },
};
