import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { readBody, send } from '../../protocols/http.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import { catalogEntry } from './catalog.js';
import type { LambdaContext } from './context.js';
import { functionUrlAllowed } from './cross-account.js';
import { streamToUrlClient } from './function-url-stream.js';

/** `<url-id>.lambda-url.<region>.localhost[:port]`: the local form of `<url-id>.lambda-url.<region>.on.aws`. */
const URL_HOST = /^([a-z0-9]{32})\.lambda-url\.([a-z0-9-]+)\.localhost(?::\d+)?$/;
/** The same host without its port, as the router matches hosts. */
export const FUNCTION_URL_HOST = /^[a-z0-9]{32}\.lambda-url\.[a-z0-9-]+\.localhost$/;
const MAX_REQUEST = 6_291_456;

export function newUrlId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function functionUrlOf(lambda: LambdaContext, urlId: string, region: string): string {
  const port = new URL(lambda.deps.endpointUrl()).port;
  return `http://${urlId}.lambda-url.${region}.localhost${port ? `:${port}` : ''}/`;
}

/** The URL id a request is addressed to, when its Host is a function URL host. */
export function urlIdOfHost(host: string | undefined): string | undefined {
  return host ? URL_HOST.exec(host.toLowerCase())?.[1] : undefined;
}

const textual = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i.test(contentType);

/** The payload 2.0 event a function URL hands its function. */
function urlEvent(
  exchange: HttpExchange,
  body: Buffer,
  urlId: string,
  region: string,
  accountId: string,
  requestId: string,
  now: number,
): Record<string, unknown> {
  const { req, url } = exchange;
  const headers: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]},${raw[i + 1]}`;
  }
  const cookies = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const isBase64Encoded = body.length > 0 && !textual(req.headers['content-type']);
  const time = new Date(now);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  event.requestContext = {
    accountId: 'anonymous',
    apiId: urlId,
    domainName: headers.host ?? `${urlId}.lambda-url.${region}.localhost`,
    domainPrefix: urlId,
    http: {
      method: req.method,
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(time),
    timeEpoch: now,
  };
  if (req.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
    (event.requestContext as Record<string, unknown>).authorizer = {
      iam: {
        accessKey: /Credential=([^/]+)/.exec(req.headers.authorization)?.[1] ?? '',
        accountId,
        callerId: '',
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: '',
        userId: '',
      },
    };
  }
  if (body.length > 0) event.body = isBase64Encoded ? body.toString('base64') : body.toString('utf8');
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/** `02/Jun/2025:09:14:27 +0000` */
function clfTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

interface HttpResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Turns a function's result into the HTTP response, as AWS does: an object with `statusCode` is a
 * response; any other valid JSON is a 200 `application/json` whose body is that JSON.
 */
function toHttpResponse(payload: Buffer): HttpResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('statusCode' in value)) {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: payload };
  }
  const r = value as { statusCode: unknown; headers?: Record<string, unknown>; cookies?: unknown[]; body?: unknown; isBase64Encoded?: boolean };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
  const text = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: r.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text) };
}

interface Cors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

/** The CORS headers a URL adds for a request's `Origin`, or none when the origin is not allowed. */
function corsHeaders(cors: Cors | undefined, origin: string | undefined, preflight: boolean): Record<string, string> {
  if (!cors || !origin) return {};
  const origins = cors.AllowOrigins ?? [];
  if (!origins.includes('*') && !origins.includes(origin)) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': origins.includes('*') && !cors.AllowCredentials ? '*' : origin };
  if (cors.AllowCredentials) out['access-control-allow-credentials'] = 'true';
  if (preflight) {
    if (cors.AllowMethods?.length) out['access-control-allow-methods'] = cors.AllowMethods.join(',');
    if (cors.AllowHeaders?.length) out['access-control-allow-headers'] = cors.AllowHeaders.join(',');
    if (cors.MaxAge !== undefined) out['access-control-max-age'] = String(cors.MaxAge);
  } else if (cors.ExposeHeaders?.length) {
    out['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  }
  return out;
}

const FORBIDDEN = JSON.stringify({
  Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
});

/** Serves one request addressed to a function URL: event in, HTTP response out. */
export async function serveFunctionUrl(lambda: LambdaContext, exchange: HttpExchange, ctx: RequestContext, urlId: string): Promise<void> {
  const { res } = exchange;
  ctx.operation = 'InvokeFunctionUrl';
  const plain = (status: number, body: string, type = 'text/plain; charset=utf-8') =>
    send(res, status, { 'Content-Type': type, 'x-amzn-RequestId': ctx.requestId }, body);
  const target = lambda.store.urls.byUrlId(urlId);
  if (!target) {
    exchange.req.resume();
    return plain(403, FORBIDDEN, 'application/json');
  }
  if (target.url.authType === 'AWS_IAM' && !exchange.req.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
    exchange.req.resume();
    return plain(403, FORBIDDEN, 'application/json');
  }
  if (target.url.authType === 'AWS_IAM' && ctx.enforceAuth && ctx.accountId !== target.scope.accountId) {
    const owner = { ...target.scope, name: target.name, qualifier: target.url.qualifier || undefined };
    if (!functionUrlAllowed(lambda.store, owner, target.url.authType, ctx.accountId)) {
      exchange.req.resume();
      return plain(403, FORBIDDEN, 'application/json');
    }
  }
  let body: Buffer;
  try {
    body = await readBody(exchange.req, MAX_REQUEST, () => new AwsError('RequestEntityTooLargeException', 'Request Entity Too Large', 413));
  } catch {
    return plain(413, 'Request Entity Too Large');
  }
  const cors = target.url.cors as Cors | undefined;
  const origin = headerValue(exchange.req.headers, 'origin');
  // With CORS configured, the URL answers preflight requests itself, without invoking the function.
  if (cors && exchange.req.method === 'OPTIONS' && origin && exchange.req.headers['access-control-request-method']) {
    res.writeHead(200, { ...corsHeaders(cors, origin, true), 'x-amzn-RequestId': ctx.requestId, 'Content-Length': 0 });
    res.end();
    return;
  }
  const found = lambda.functions.find({ ...target.scope, name: target.name, qualifier: target.url.qualifier || undefined }, true);
  if (!found) return plain(502, 'Internal Server Error');
  const fn = lambda.deps.gateway.adopt(catalogEntry(lambda.functions, found));
  const event = urlEvent(exchange, body, urlId, target.scope.region, target.scope.accountId, ctx.requestId, lambda.deps.clock.now());
  const invocation = {
    function: fn,
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(event)),
    traceHeader: headerValue(exchange.req.headers, 'x-amzn-trace-id'),
    cause: { source: 'lambda:url', ids: { requestId: ctx.requestId } },
  };
  if (target.url.invokeMode === 'RESPONSE_STREAM') {
    const extra = { ...corsHeaders(cors, origin, false), 'x-amzn-RequestId': ctx.requestId };
    const outcome = await streamToUrlClient(res, (sink) => lambda.deps.gateway.invoke({ ...invocation, responseStream: sink }), extra, toHttpResponse);
    if (outcome.kind === 'system-error') lambda.deps.logger.warn(`function URL ${urlId}: ${outcome.error.message}`);
    return;
  }
  const result = await lambda.deps.gateway.invoke(invocation);
  if (result.kind === 'throttled') return plain(429, JSON.stringify({ Message: 'Rate Exceeded.' }), 'application/json');
  if (result.kind === 'system-error') lambda.deps.logger.warn(`function URL ${urlId}: ${result.error.message}`);
  const response = result.kind === 'success' ? toHttpResponse(result.payload) : undefined;
  if (!response) return plain(502, 'Internal Server Error');
  res.writeHead(response.status, {
    ...response.headers,
    ...corsHeaders(cors, origin, false),
    'x-amzn-RequestId': ctx.requestId,
    'Content-Length': response.body.length,
  });
  res.end(response.body);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
