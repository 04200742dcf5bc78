import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from '../../protocols/aws-error.js';
import { parseXmlDocument } from '../../protocols/rest-xml.js';
import { S3Errors } from './errors.js';
import type { S3Store } from './store.js';

/** One rule of a bucket's CORS configuration (stored as the XML the client sent). */
interface CorsRule {
  origins: string[];
  methods: string[];
  headers: string[];
  expose: string[];
  maxAge?: string;
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v).trim());
}

function rulesOf(store: S3Store, bucket: string): CorsRule[] | undefined {
  const xml = store.bucketDocument(bucket, 'cors');
  if (!xml) return undefined;
  const doc = parseXmlDocument(xml, ['CORSRule', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader']);
  const config = doc.CORSConfiguration as Record<string, unknown> | undefined;
  return ((config?.CORSRule as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
    origins: list(r.AllowedOrigin),
    methods: list(r.AllowedMethod).map((m) => m.toUpperCase()),
    headers: list(r.AllowedHeader).map((h) => h.toLowerCase()),
    expose: list(r.ExposeHeader),
    maxAge: r.MaxAgeSeconds === undefined ? undefined : String(r.MaxAgeSeconds).trim(),
  }));
}

const CORS_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

/**
 * PutBucketCors's checks: every rule names at least one origin and method (else the document does
 * not validate against S3's schema), and methods are the five S3 serves CORS for.
 */
export function validateCorsDocument(text: string): void {
  const doc = parseXmlDocument(text, ['CORSRule', 'AllowedOrigin', 'AllowedMethod']);
  const config = doc.CORSConfiguration as Record<string, unknown> | undefined;
  const rules = (config?.CORSRule as Record<string, unknown>[] | undefined) ?? [];
  if (rules.length === 0) throw S3Errors.malformedXml();
  for (const rule of rules) {
    const methods = list(rule.AllowedMethod);
    if (methods.length === 0 || list(rule.AllowedOrigin).length === 0) throw S3Errors.malformedXml();
    const unsupported = methods.find((m) => !CORS_METHODS.includes(m));
    if (unsupported !== undefined) throw S3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}`);
  }
}

/** An allowed origin or header may hold one `*` wildcard. */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

function matchRule(rules: CorsRule[], origin: string, method: string, requestHeaders: string[]): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.origins.some((o) => wildcardMatch(o, origin)) &&
      rule.methods.includes(method) &&
      requestHeaders.every((h) => rule.headers.some((allowed) => wildcardMatch(allowed, h))),
  );
}

function responseHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.origins.includes('*');
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': anyOrigin ? '*' : origin,
    'Access-Control-Allow-Methods': rule.methods.join(', '),
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!anyOrigin) headers['Access-Control-Allow-Credentials'] = 'true';
  if (rule.expose.length) headers['Access-Control-Expose-Headers'] = rule.expose.join(', ');
  if (rule.maxAge) headers['Access-Control-Max-Age'] = rule.maxAge;
  return headers;
}

/** Answers a browser's preflight (`OPTIONS`) as S3 does from the bucket's CORS rules. */
export function preflight(store: S3Store, bucket: string | undefined, headers: IncomingHttpHeaders): Record<string, string> {
  const origin = headers.origin;
  const method = headers['access-control-request-method'];
  if (typeof origin !== 'string' || typeof method !== 'string') {
    throw new AwsError('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  }
  const rules = bucket === undefined ? undefined : rulesOf(store, bucket);
  if (!rules) throw new AwsError('CORSResponse', 'CORS is not enabled for this bucket.', 403);
  const requested = String(headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const rule = matchRule(rules, origin, method.toUpperCase(), requested);
  if (!rule) {
    throw new AwsError(
      'AccessForbidden',
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      403,
      { Method: method, ResourceType: 'OBJECT' },
    );
  }
  const out = responseHeaders(rule, origin);
  if (requested.length) out['Access-Control-Allow-Headers'] = requested.join(', ');
  return out;
}

/** CORS headers for an actual request from a browser (`Origin` set), when a rule allows it. */
export function corsHeaders(store: S3Store, bucket: string | undefined, method: string, headers: IncomingHttpHeaders): Record<string, string> {
  const origin = headers.origin;
  if (typeof origin !== 'string' || bucket === undefined) return {};
  try {
    const rules = rulesOf(store, bucket);
    const rule = rules && matchRule(rules, origin, method, []);
    return rule ? responseHeaders(rule, origin) : {};
  } catch {
    return {};
  }
}
