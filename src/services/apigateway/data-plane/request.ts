import type { HttpExchange } from '../../../server/request-context.js';

/** One data-plane request as every integration reads it. */
export interface ApiRequest {
  httpMethod: string;
  /** The path after the stage, decoded (`/items/7`). */
  path: string;
  /** Headers in their original case; `headers` keeps the last value of a repeated header. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query: Record<string, string>;
  multiValueQuery: Record<string, string[]>;
  rawQuery: string;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  /** A header by name, case-insensitively. */
  header(name: string): string | undefined;
}

export function readRequest(exchange: HttpExchange, path: string, body: Buffer): ApiRequest {
  const { req, url } = exchange;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const lower = new Map<string, string>();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const existing = lower.get(name.toLowerCase());
    const key = existing ?? name;
    if (!existing) lower.set(name.toLowerCase(), name);
    headers[key] = value;
    (multiValueHeaders[key] ??= []).push(value);
  }
  return apiRequest({
    httpMethod: req.method ?? 'GET',
    path,
    headers,
    multiValueHeaders,
    url,
    body,
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    protocol: `HTTP/${req.httpVersion}`,
  });
}

/** A request from its parts: the query string read from `url`, headers looked up case-insensitively. */
export function apiRequest(parts: {
  httpMethod: string;
  path: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  url: URL;
  body: Buffer;
  sourceIp: string;
  protocol: string;
}): ApiRequest {
  const { url, headers } = parts;
  const lower = new Map(Object.keys(headers).map((name) => [name.toLowerCase(), name]));
  const query: Record<string, string> = {};
  const multiValueQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiValueQuery[k] ??= []).push(v);
  }
  return {
    httpMethod: parts.httpMethod,
    path: parts.path,
    headers,
    multiValueHeaders: parts.multiValueHeaders,
    query,
    multiValueQuery,
    rawQuery: url.search.slice(1),
    body: parts.body,
    sourceIp: parts.sourceIp,
    protocol: parts.protocol,
    header(name) {
      const key = lower.get(name.toLowerCase());
      return key === undefined ? undefined : headers[key];
    },
  };
}

/** Whether a media type is one of the API's binary media types (`image/png`, `image/*`, `*\/*`). */
export function isBinaryType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType || binaryMediaTypes.length === 0) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return binaryMediaTypes.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*/*') return true;
    if (p.endsWith('/*')) return type.startsWith(p.slice(0, -1));
    return p === type;
  });
}
