import { S3Errors } from '../errors.js';
import { attrsFromRequest, parseTagging } from '../object-attrs.js';
import { isoDate, quotedEtag } from '../object-headers.js';
import { commitVersion, originOf, requireBucket } from '../objects.js';
import { resolveCopySource } from '../copy-source.js';
import { receiveStream } from '../body.js';
import { parseAlgorithm } from '../checksums.js';
import { checkAclAllowed } from '../acl-rules.js';
import type { ObjectAttrs } from '../store.js';
import type { S3Operation } from '../types.js';
import { storageClassFrom, validateKey } from '../validation.js';

export const copyObject: S3Operation = {
  name: 'CopyObject',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const key = req.key!;
    validateKey(key);
    checkAclAllowed(s3.store, bucket, req.headers);
    const source = resolveCopySource(req, s3);
    const directive = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') throw S3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    const taggingDirective = String(req.headers['x-amz-tagging-directive'] ?? 'COPY').toUpperCase();
    const storageClass = storageClassFrom(req.headers);
    const requestedClass = req.headers['x-amz-storage-class'] !== undefined;
    const sameObject = source.bucket.name === bucket.name && source.row.key === key && source.row.is_latest === 1;
    if (
      sameObject &&
      directive === 'COPY' &&
      !requestedClass &&
      !req.headers['x-amz-website-redirect-location'] &&
      !req.headers['x-amz-server-side-encryption']
    ) {
      throw S3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    let attrs: ObjectAttrs;
    if (directive === 'REPLACE') {
      attrs = attrsFromRequest(req.headers);
      delete attrs.tags;
    } else {
      attrs = { contentType: source.attrs.contentType, headers: source.attrs.headers, metadata: source.attrs.metadata };
    }
    if (taggingDirective === 'REPLACE') {
      const tagging = req.headers['x-amz-tagging'];
      if (typeof tagging === 'string' && tagging !== '') attrs.tags = parseTagging(tagging);
    } else if (source.attrs.tags) {
      attrs.tags = source.attrs.tags;
    }
    let etag = source.row.etag;
    let blobId: string | null = null;
    if (source.attrs.partsCount && source.row.blob_id) {
      // CopyObject writes a single-part object: its ETag is the MD5 of the data and its checksum
      // covers the whole object, whatever the source's multipart ETag and composite checksum were.
      const algorithm = parseAlgorithm(source.attrs.checksum?.algorithm);
      const copied = await receiveStream(s3.blobs.openRead(source.row.blob_id), s3.files, algorithm);
      blobId = copied.blobId;
      etag = copied.md5.toString('hex');
      if (copied.checksum) attrs.checksum = { ...copied.checksum, type: 'FULL_OBJECT' };
    } else {
      if (source.attrs.checksum) attrs.checksum = source.attrs.checksum;
      if (source.row.blob_id) blobId = (await s3.blobs.write(s3.blobs.openRead(source.row.blob_id))).id;
    }
    const row = commitVersion(s3, bucket, {
      key,
      blobId,
      size: source.row.size,
      etag,
      storageClass,
      attrs,
    });
    s3.notifier.emit(bucket, { name: 'ObjectCreated:Copy', key, size: row.size, eTag: row.etag, versionId: row.version_id }, originOf(req));
    const headers: Record<string, string> = { 'x-amz-server-side-encryption': 'AES256' };
    if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
    if (source.bucket.versioning) headers['x-amz-copy-source-version-id'] = source.row.version_id;
    const checksum = attrs.checksum;
    return {
      headers,
      xml: {
        root: 'CopyObjectResult',
        content: {
          LastModified: isoDate(row.last_modified),
          ETag: quotedEtag(row.etag),
          ...(checksum ? { ChecksumType: checksum.type, [`Checksum${checksum.algorithm}`]: checksum.value } : {}),
        },
      },
    };
  },
};
