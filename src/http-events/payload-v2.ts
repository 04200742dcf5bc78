/**
 * The Lambda proxy payload format 2.0, as HTTP APIs and function URLs build it, and the 2.0
 * response rules. It knows no service: callers say which route, stage and API the request took.
 */
import type { IncomingMessage } from 'node:http';
import { clfTime, forwardedHeaders, isTextual, sourceIpOf } from './http-request.js';

export interface V2RequestInput {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  /** `GET /items/{id}`, `$default`. */
  routeKey: string;
  stage: string;
  /** The API id (function URLs: the URL id). */
  apiId: string;
  accountId: string;
  domainName: string;
  requestId: string;
  timeEpoch: number;
  /** The path the request took, stage included where the stage is named (`/prod/items/1`). */
  rawPath?: string;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  /** `{ lambda: ... }`, `{ jwt: ... }` or `{ iam: ... }`. */
  authorizer?: Record<string, unknown>;
}

/** Header names lowercased, repeated headers joined with commas; the Cookie header is left to `cookies`. */
export function joinedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'cookie' || name.startsWith('x-forwarded-')) continue;
    const prior = headers[name];
    headers[name] = prior === undefined ? raw[i + 1]! : `${prior},${raw[i + 1]}`;
  }
  for (const [name, value] of forwardedHeaders(req, true)) headers[name] = value;
  return headers;
}

/** Query parameters with repeated names joined by commas (2.0 has no multi-value maps). */
export function joinedQuery(url: URL): Record<string, string> | undefined {
  let query: Record<string, string> | undefined;
  for (const [k, v] of url.searchParams) {
    query ??= {};
    query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  }
  return query;
}

/** The `Cookie` header split into its cookies. */
export function cookiesOf(req: IncomingMessage): string[] {
  const header = req.headers.cookie;
  if (!header) return [];
  return header
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** The 2.0 event; keys with nothing in them are left out, as AWS leaves them out. */
export function v2Event(input: V2RequestInput): Record<string, unknown> {
  const { req, url, body } = input;
  const headers = joinedHeaders(req);
  const cookies = cookiesOf(req);
  const query = joinedQuery(url);
  const rawPath = input.rawPath ?? url.pathname;
  const isBase64Encoded = body.length > 0 && !isTextual(req.headers['content-type']);
  const event: Record<string, unknown> = { version: '2.0', routeKey: input.routeKey, rawPath, rawQueryString: url.search.slice(1) };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (query) event.queryStringParameters = query;
  const requestContext: Record<string, unknown> = { accountId: input.accountId, apiId: input.apiId };
  if (input.authorizer) requestContext.authorizer = input.authorizer;
  Object.assign(requestContext, {
    domainName: input.domainName,
    domainPrefix: input.domainName.split('.')[0],
    http: {
      method: req.method,
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: sourceIpOf(req),
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: input.requestId,
    routeKey: input.routeKey,
    stage: input.stage,
    time: clfTime(new Date(input.timeEpoch)),
    timeEpoch: input.timeEpoch,
  });
  event.requestContext = requestContext;
  if (input.pathParameters && Object.keys(input.pathParameters).length > 0) event.pathParameters = input.pathParameters;
  if (input.stageVariables && Object.keys(input.stageVariables).length > 0) event.stageVariables = input.stageVariables;
  if (body.length > 0) event.body = isBase64Encoded ? body.toString('base64') : body.toString('utf8');
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/** An HTTP response a proxy integration's result turned into. */
export interface ProxyHttpResponse {
  status: number;
  /** Lowercased names; `set-cookie` may hold several. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * The 2.0 response rules: an object with `statusCode` is a response (`cookies` become Set-Cookie
 * headers, `isBase64Encoded` bodies are decoded); any other valid JSON is a 200
 * `application/json` response whose body is that JSON. Undefined when the result is not JSON or
 * its status is not one.
 */
export function v2Response(payload: Buffer): ProxyHttpResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('statusCode' in value)) {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: payload };
  }
  const r = value as { statusCode: unknown; headers?: unknown; cookies?: unknown; body?: unknown; isBase64Encoded?: unknown };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  if (r.headers && typeof r.headers === 'object') {
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
  }
  if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
  const text = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
