import { AwsError } from '../../protocols/aws-error.js';
import type { IncomingHttpHeaders } from 'node:http';
import { storedContentEncoding } from './aws-chunked.js';
import { S3Errors } from './errors.js';
import type { ObjectAttrs } from './store.js';
import { metadataFrom, STORED_HEADERS } from './validation.js';

/** Content-Type, representation headers, user metadata and tags of a write request. */
export function attrsFromRequest(headers: IncomingHttpHeaders): ObjectAttrs {
  const attrs: ObjectAttrs = {};
  const contentType = headers['content-type'];
  if (typeof contentType === 'string' && contentType !== '') attrs.contentType = contentType;
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const raw = headers[name];
    const value = name === 'content-encoding' ? storedContentEncoding(raw as string | undefined) : (raw as string | undefined);
    if (typeof value === 'string') stored[name] = value;
  }
  if (Object.keys(stored).length) attrs.headers = stored;
  const metadata = metadataFrom(headers);
  if (Object.keys(metadata).length) attrs.metadata = metadata;
  const tagging = headers['x-amz-tagging'];
  if (typeof tagging === 'string' && tagging !== '') attrs.tags = parseTagging(tagging);
  return attrs;
}

/** `x-amz-tagging: k1=v1&k2=v2` (URL query encoding). */
export function parseTagging(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(value)) {
    if (Object.hasOwn(tags, k)) throw S3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    tags[k] = v;
  }
  validateTags(tags);
  return tags;
}

export function validateTags(tags: Record<string, string>): void {
  const entries = Object.entries(tags);
  // S3 reports too many tags as a plain BadRequest, not InvalidTag.
  if (entries.length > 10) throw new AwsError('BadRequest', 'Object tags cannot be greater than 10', 400);
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > 128) throw S3Errors.invalidTag('The TagKey you have provided is invalid');
    if (k.startsWith('aws:')) throw S3Errors.invalidTag('Your TagKey cannot be prefixed with aws:');
    if (v.length > 256) throw S3Errors.invalidTag('The TagValue you have provided is invalid');
  }
}
