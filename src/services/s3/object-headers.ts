import type { IncomingHttpHeaders } from 'node:http';
import { checksumHeader } from './checksums.js';
import { S3Errors } from './errors.js';
import type { BucketRow, ObjectAttrs, ObjectRow } from './store.js';

const HEADER_CASE: Record<string, string> = {
  'content-disposition': 'Content-Disposition',
  'content-encoding': 'Content-Encoding',
  'content-language': 'Content-Language',
  'cache-control': 'Cache-Control',
  expires: 'Expires',
  'x-amz-website-redirect-location': 'x-amz-website-redirect-location',
};

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** ISO-8601 with milliseconds, as in XML listings. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

export function quotedEtag(etag: string): string {
  return `"${etag}"`;
}

function restoreHeader(attrs: ObjectAttrs): string | undefined {
  const restore = attrs.restore;
  if (!restore) return undefined;
  if (restore.ongoing) return 'ongoing-request="true"';
  return `ongoing-request="false", expiry-date="${httpDate(restore.expiresAt ?? 0)}"`;
}

/** The headers GET and HEAD return for an object version. */
export function objectHeaders(bucket: BucketRow, row: ObjectRow, attrs: ObjectAttrs, withChecksum: boolean): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'Last-Modified': httpDate(row.last_modified),
    ETag: quotedEtag(row.etag),
    'Content-Type': attrs.contentType ?? 'binary/octet-stream',
    'Accept-Ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  for (const [name, value] of Object.entries(attrs.headers ?? {})) headers[HEADER_CASE[name] ?? name] = value;
  for (const [name, value] of Object.entries(attrs.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
  if (bucket.versioning) headers['x-amz-version-id'] = row.version_id;
  if (row.storage_class !== 'STANDARD') headers['x-amz-storage-class'] = row.storage_class;
  const restore = restoreHeader(attrs);
  if (restore) headers['x-amz-restore'] = restore;
  const tagCount = Object.keys(attrs.tags ?? {}).length;
  if (tagCount) headers['x-amz-tagging-count'] = tagCount;
  if (withChecksum && attrs.checksum) {
    headers[checksumHeader(attrs.checksum.algorithm)] = attrs.checksum.value;
    headers['x-amz-checksum-type'] = attrs.checksum.type;
  }
  return headers;
}

function etagList(value: string): string[] {
  return value.split(',').map((v) => v.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
}

function parseDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Conditional request headers (RFC 7232 precedence, as S3 applies it). Returns 304 when the
 * object is unchanged for If-None-Match / If-Modified-Since; throws 412 otherwise.
 * `prefix` selects the copy-source variants (`x-amz-copy-source-if-match`, ...), which fail with 412 only.
 */
export function evaluateConditions(headers: IncomingHttpHeaders, row: ObjectRow, prefix = ''): 'ok' | 'not-modified' {
  const get = (name: string) => {
    const v = headers[prefix + name];
    return typeof v === 'string' ? v : undefined;
  };
  const ifMatch = get('if-match');
  const ifNoneMatch = get('if-none-match');
  const ifModifiedSince = parseDate(get('if-modified-since'));
  const ifUnmodifiedSince = parseDate(get('if-unmodified-since'));
  const lastModifiedSeconds = Math.floor(row.last_modified / 1000) * 1000;

  if (ifMatch !== undefined) {
    const tags = etagList(ifMatch);
    if (!tags.includes('*') && !tags.includes(row.etag)) throw S3Errors.preconditionFailed(`${prefix ? 'x-amz-copy-source-' : ''}If-Match`);
  } else if (ifUnmodifiedSince !== undefined && lastModifiedSeconds > ifUnmodifiedSince) {
    throw S3Errors.preconditionFailed(`${prefix ? 'x-amz-copy-source-' : ''}If-Unmodified-Since`);
  }
  if (ifNoneMatch !== undefined) {
    const tags = etagList(ifNoneMatch);
    if (tags.includes('*') || tags.includes(row.etag)) {
      if (prefix) throw S3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
      return 'not-modified';
    }
  } else if (ifModifiedSince !== undefined && lastModifiedSeconds <= ifModifiedSince) {
    if (prefix) throw S3Errors.preconditionFailed('x-amz-copy-source-If-Modified-Since');
    return 'not-modified';
  }
  return 'ok';
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`. Undefined when absent or not a single byte range (ignored, as S3 does). */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw S3Errors.invalidRange(value, size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw S3Errors.invalidRange(value, size);
  return { start, end };
}
