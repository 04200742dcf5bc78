import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { readBody, send } from '../../protocols/http.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import { catalogEntry } from './catalog.js';
import type { LambdaContext } from './context.js';
import { functionUrlAllowed } from './cross-account.js';
import { streamToUrlClient } from './function-url-stream.js';
import { parseSignature } from '../../auth/sigv4-verify.js';
import { corsRules, isPreflight, preflightHeaders, responseCorsHeaders } from '../../http-events/cors.js';
import { v2Event, v2Response } from '../../http-events/payload-v2.js';

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

/** The payload 2.0 event a function URL hands its function: route and stage `$default`, the URL id as API id. */
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
  const authorization = req.headers.authorization;
  const authorizer = authorization?.startsWith('AWS4-HMAC-SHA256')
    ? {
        iam: {
          accessKey: /Credential=([^/]+)/.exec(authorization)?.[1] ?? '',
          accountId,
          callerId: '',
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: '',
          userId: '',
        },
      }
    : undefined;
  return v2Event({
    req,
    url,
    body,
    routeKey: '$default',
    stage: '$default',
    apiId: urlId,
    accountId: 'anonymous',
    domainName: req.headers.host ?? `${urlId}.lambda-url.${region}.localhost`,
    requestId,
    timeEpoch: now,
    authorizer,
  });
}

/** AWS_IAM URLs take only SigV4-signed requests (header or presigned query) signed for `lambda`; the signature itself is checked under `--enforce-auth`. */
function signedForLambda(exchange: HttpExchange): boolean {
  const { req, url } = exchange;
  const amzDate = req.headers['x-amz-date'];
  const signature = parseSignature(req.headers.authorization, url.searchParams, Array.isArray(amzDate) ? amzDate[0] : amzDate);
  return signature?.service === 'lambda';
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
  if (target.url.authType === 'AWS_IAM' && !signedForLambda(exchange)) {
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
  const cors = corsRules(target.url.cors as Record<string, unknown> | undefined);
  // With CORS configured, the URL answers preflight requests itself, without invoking the function.
  if (cors && isPreflight(exchange.req)) {
    res.writeHead(200, { ...preflightHeaders(cors, exchange.req), 'x-amzn-RequestId': ctx.requestId, 'Content-Length': 0 });
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
    const extra = { ...responseCorsHeaders(cors, exchange.req), 'x-amzn-RequestId': ctx.requestId };
    const outcome = await streamToUrlClient(res, (sink) => lambda.deps.gateway.invoke({ ...invocation, responseStream: sink }), extra, v2Response);
    if (outcome.kind === 'system-error') lambda.deps.logger.warn(`function URL ${urlId}: ${outcome.error.message}`);
    return;
  }
  const result = await lambda.deps.gateway.invoke(invocation);
  if (result.kind === 'throttled') return plain(429, JSON.stringify({ Message: 'Rate Exceeded.' }), 'application/json');
  if (result.kind === 'system-error') lambda.deps.logger.warn(`function URL ${urlId}: ${result.error.message}`);
  const response = result.kind === 'success' ? v2Response(result.payload) : undefined;
  if (!response) return plain(502, 'Internal Server Error');
  res.writeHead(response.status, {
    ...response.headers,
    ...responseCorsHeaders(cors, exchange.req),
    'x-amzn-RequestId': ctx.requestId,
    'Content-Length': response.body.length,
  });
  res.end(response.body);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
