import { checkAclAllowed } from '../acl-rules.js';
import { receiveStream } from '../body.js';
import { parseXmlDocument } from '../../../protocols/rest-xml.js';
import { CHECKSUM_ALGORITHMS, checksumHeader } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { tagSetOf } from './tagging.js';
import { readFormUpload } from '../form-upload.js';
import { quotedEtag } from '../object-headers.js';
import { commitVersion, originOf, releaseBlobs, requireBucket } from '../objects.js';
import { checkPostPolicy, checkPostSize, type SizeRange } from '../post-policy.js';
import type { ObjectAttrs } from '../store.js';
import type { S3Operation, S3Request } from '../types.js';
import type { EventOrigin } from '../notifications/record.js';
import { STORED_HEADERS, metadataFrom, storageClassFrom, validateKey } from '../validation.js';

/** The signer of a form upload is named by its credential field, not by an Authorization header. */
function formOrigin(req: S3Request, fields: Record<string, string>): EventOrigin {
  const origin = originOf(req);
  const accessKeyId = fields['x-amz-credential']?.split('/')[0] || fields.awsaccesskeyid;
  return accessKeyId ? { ...origin, principalId: `AWS:${accessKeyId}` } : origin;
}

/** The `tagging` field: a Tagging XML document, as PutObjectTagging's body. */
function formTags(text: string): Record<string, string> {
  let doc: Record<string, unknown>;
  try {
    doc = parseXmlDocument(text, ['Tag']);
  } catch {
    throw S3Errors.malformedXml();
  }
  return tagSetOf(doc);
}

/** Browser-based upload (HTML form POST, e.g. a presigned POST): the `s3:ObjectCreated:Post` event. */
export const postObject: S3Operation = {
  name: 'PostObject',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const form = await readFormUpload(req.exchange.req);
    const rawKey = form.fields.key;
    if (rawKey === undefined) {
      form.file.resume();
      throw S3Errors.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", 'key', '');
    }
    const key = rawKey.replace('${filename}', form.filename);
    let sizeRange: SizeRange | undefined;
    try {
      sizeRange = checkPostPolicy(form.fields, bucket.name, [rawKey, key], s3.deps.clock.now());
      checkAclAllowed(s3.store, bucket, { 'x-amz-acl': form.fields.acl });
      validateKey(key);
    } catch (err) {
      form.file.resume();
      throw err;
    }
    const headers = Object.fromEntries(Object.entries(form.fields));
    const attrs: ObjectAttrs = {};
    const contentType = form.fields['content-type'] ?? form.fileContentType;
    if (contentType) attrs.contentType = contentType;
    const stored = Object.fromEntries(STORED_HEADERS.filter((h) => form.fields[h] !== undefined).map((h) => [h, form.fields[h]!]));
    if (Object.keys(stored).length) attrs.headers = stored;
    const metadata = metadataFrom(headers);
    if (Object.keys(metadata).length) attrs.metadata = metadata;
    const storageClass = storageClassFrom(headers);
    try {
      if (form.fields.tagging !== undefined) attrs.tags = formTags(form.fields.tagging);
    } catch (err) {
      form.file.resume();
      throw err;
    }
    // A form may carry the file's flexible checksum as a field (`x-amz-checksum-crc32`, ...).
    const checksumField = CHECKSUM_ALGORITHMS.find((a) => form.fields[checksumHeader(a)] !== undefined);
    const body = await receiveStream(form.file, s3.files, checksumField);
    try {
      checkPostSize(body.size, sizeRange);
      if (checksumField && body.checksum?.value !== form.fields[checksumHeader(checksumField)]) throw S3Errors.checksumMismatch(checksumField);
    } catch (err) {
      releaseBlobs(s3, [body.blobId]);
      throw err;
    }
    const etag = body.md5.toString('hex');
    if (body.checksum) attrs.checksum = { ...body.checksum, type: 'FULL_OBJECT' };
    const row = commitVersion(s3, bucket, { key, blobId: body.blobId, size: body.size, etag, storageClass, attrs });
    s3.notifier.emit(bucket, { name: 'ObjectCreated:Post', key, size: body.size, eTag: etag, versionId: row.version_id }, formOrigin(req, form.fields));
    const location = `http://${String(req.headers.host ?? 'localhost')}/${bucket.name}/${encodeURI(key)}`;
    const responseHeaders: Record<string, string> = { ETag: quotedEtag(etag), Location: location };
    if (bucket.versioning) responseHeaders['x-amz-version-id'] = row.version_id;
    const redirect = form.fields.success_action_redirect;
    if (redirect) {
      const target = new URL(redirect);
      target.searchParams.set('bucket', bucket.name);
      target.searchParams.set('key', key);
      target.searchParams.set('etag', quotedEtag(etag));
      return { status: 303, headers: { ...responseHeaders, Location: target.toString() } };
    }
    const status = form.fields.success_action_status;
    if (status === '201') {
      return {
        status: 201,
        headers: responseHeaders,
        xml: { root: 'PostResponse', content: { Location: location, Bucket: bucket.name, Key: key, ETag: quotedEtag(etag) } },
      };
    }
    return { status: status === '200' ? 200 : 204, headers: responseHeaders };
  },
};
