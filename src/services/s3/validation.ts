import type { IncomingHttpHeaders } from 'node:http';
import { S3Errors } from './errors.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** AWS's general-purpose bucket naming rules. */
export function validateBucketName(name: string): void {
  const valid =
    BUCKET_NAME.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s));
  if (!valid) throw S3Errors.invalidBucketName(name);
}

export function validateKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > 1024) throw S3Errors.keyTooLong(size);
}

export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
  'SNOW',
  'EXPRESS_ONEZONE',
];

/** Objects of these classes must be restored before they can be read. */
export const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export function storageClassFrom(headers: IncomingHttpHeaders): string {
  const value = headers['x-amz-storage-class'];
  if (typeof value !== 'string' || value === '') return 'STANDARD';
  if (!STORAGE_CLASSES.includes(value)) throw S3Errors.invalidStorageClass(value);
  return value;
}

const METADATA_PREFIX = 'x-amz-meta-';
const MAX_METADATA_BYTES = 2048;

/** User metadata (`x-amz-meta-*`), limited as S3 limits it: 2 KB of names and values. */
export function metadataFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(METADATA_PREFIX) || value === undefined) continue;
    const short = name.slice(METADATA_PREFIX.length);
    const text = Array.isArray(value) ? value.join(',') : value;
    metadata[short] = text;
    size += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (size > MAX_METADATA_BYTES) throw S3Errors.metadataTooLarge(size);
  return metadata;
}

/** Representation headers S3 stores with an object and returns on GET/HEAD. */
export const STORED_HEADERS = ['content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires', 'x-amz-website-redirect-location'];
