import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a SigV4 signature is computed over, as the server received the request. */
export interface SignedRequest {
  method: string;
  /** The path exactly as sent (percent-encoded once by the client). */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  /** `rawHeaders` of Node's IncomingMessage: name, value, name, value... */
  rawHeaders: readonly string[];
  /** S3 signs the path as sent; every other service signs it encoded once more. */
  doubleEncodePath: boolean;
}

export interface ParsedSignature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  /** Presigned (query) rather than Authorization header. */
  presigned: boolean;
}

const AUTH_HEADER = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/;

/** Reads a SigV4 signature from the Authorization header or the presigned query; undefined when malformed or absent. */
export function parseSignature(authorization: string | undefined, query: URLSearchParams, amzDateHeader: string | undefined): ParsedSignature | undefined {
  let credential: string;
  let signedHeaders: string;
  let signature: string;
  let amzDate: string | undefined;
  let presigned = false;
  if (authorization !== undefined) {
    const m = AUTH_HEADER.exec(authorization.trim());
    if (!m) return undefined;
    [, credential, signedHeaders, signature] = m as unknown as [string, string, string, string];
    amzDate = amzDateHeader;
  } else {
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;
    credential = query.get('X-Amz-Credential') ?? '';
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
    signature = query.get('X-Amz-Signature') ?? '';
    amzDate = query.get('X-Amz-Date') ?? undefined;
    presigned = true;
  }
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !amzDate || !signature || !signedHeaders) return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature, amzDate, presigned };
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function canonicalPath(rawPath: string, doubleEncode: boolean): string {
  if (!doubleEncode) return rawPath || '/';
  // Other services normalise the path (no empty, `.` or `..` segments) before encoding it again.
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const joined = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return joined.split('/').map(escapeUri).join('/');
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (presigned && key === 'X-Amz-Signature') continue;
    pairs.push([escapeUri(key), escapeUri(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaders(rawHeaders: readonly string[], signed: readonly string[]): string | undefined {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = values.get(name);
    const value = rawHeaders[i + 1]!.trim().replace(/\s+/g, ' ');
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  let out = '';
  for (const name of signed) {
    const list = values.get(name);
    if (!list) return undefined;
    out += `${name}:${list.join(',')}\n`;
  }
  return out;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

/** The signature the request should carry, or undefined when a signed header is missing. */
export function expectedSignature(request: SignedRequest, signature: ParsedSignature, payloadHash: string, secretAccessKey: string): string | undefined {
  const headers = canonicalHeaders(request.rawHeaders, signature.signedHeaders);
  if (headers === undefined) return undefined;
  const canonical = [
    request.method,
    canonicalPath(request.rawPath, request.doubleEncodePath),
    canonicalQuery(request.rawQuery, signature.presigned),
    headers,
    signature.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', signature.amzDate, scope, sha256Hex(canonical)].join('\n');
  return createHmac('sha256', signingKey(secretAccessKey, signature.date, signature.region, signature.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export { sha256Hex };
