/**
 * Payload format 1.0 as HTTP APIs build it: the REST proxy shape plus `version: "1.0"`, header
 * names as the client sent them, absent maps `null`, `resource` the route's path (or `$default`).
 */
import type { ProxyHttpResponse, V2RequestInput } from './payload-v2.js';
import { clfTime, forwardedHeaders, isTextual, sourceIpOf } from './http-request.js';

/** The request as payload 1.0 needs it: the same facts as payload 2.0's. */
export type V1RequestInput = V2RequestInput;

const IDENTITY_KEYS = [
  'accessKey',
  'accountId',
  'caller',
  'cognitoAuthenticationProvider',
  'cognitoAuthenticationType',
  'cognitoIdentityId',
  'cognitoIdentityPoolId',
  'principalOrgId',
] as const;

export function v1Event(input: V1RequestInput): Record<string, unknown> {
  const { req, url, body } = input;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    if (/^x-forwarded-/i.test(name)) continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  for (const [name, value] of forwardedHeaders(req, false)) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  let query: Record<string, string> | null = null;
  let multiQuery: Record<string, string[]> | null = null;
  for (const [k, v] of url.searchParams) {
    (query ??= {})[k] = v;
    ((multiQuery ??= {})[k] ??= []).push(v);
  }
  const path = input.rawPath ?? url.pathname;
  const space = input.routeKey.indexOf(' ');
  const resource = space === -1 ? input.routeKey : input.routeKey.slice(space + 1);
  const isBase64Encoded = body.length > 0 && !isTextual(req.headers['content-type']);
  const identity: Record<string, unknown> = {};
  for (const key of IDENTITY_KEYS) identity[key] = null;
  Object.assign(identity, { sourceIp: sourceIpOf(req), user: null, userAgent: req.headers['user-agent'] ?? '', userArn: null });
  const pathParameters = input.pathParameters && Object.keys(input.pathParameters).length > 0 ? input.pathParameters : null;
  const stageVariables = input.stageVariables && Object.keys(input.stageVariables).length > 0 ? input.stageVariables : null;
  return {
    version: '1.0',
    resource,
    path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: multiQuery,
    requestContext: {
      accountId: input.accountId,
      apiId: input.apiId,
      authorizer: input.authorizer ?? { claims: null, scopes: null },
      domainName: input.domainName,
      domainPrefix: input.domainName.split('.')[0],
      extendedRequestId: input.requestId,
      httpMethod: req.method,
      identity,
      path,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: input.requestId,
      requestTime: clfTime(new Date(input.timeEpoch)),
      requestTimeEpoch: input.timeEpoch,
      resourceId: input.routeKey,
      resourcePath: resource,
      stage: input.stage,
    },
    pathParameters,
    stageVariables,
    body: body.length > 0 ? (isBase64Encoded ? body.toString('base64') : body.toString('utf8')) : null,
    isBase64Encoded,
  };
}

/** A 1.0 result must be an object with a valid `statusCode`; `multiValueHeaders` win over `headers`. */
export function v1Response(payload: Buffer): ProxyHttpResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as { statusCode?: unknown; headers?: unknown; multiValueHeaders?: unknown; body?: unknown; isBase64Encoded?: unknown };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return undefined;
  const headers: Record<string, string | string[]> = {};
  if (r.headers && typeof r.headers === 'object') {
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
  }
  if (r.multiValueHeaders && typeof r.multiValueHeaders === 'object') {
    for (const [k, v] of Object.entries(r.multiValueHeaders as Record<string, unknown>)) {
      if (!Array.isArray(v)) continue;
      const name = k.toLowerCase();
      headers[name] = name === 'set-cookie' ? v.map(String) : v.map(String).join(',');
    }
  }
  const text = typeof r.body === 'string' ? r.body : '';
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
