import { type ApiCall, requestContextOf } from './call.js';
import { isBinaryType } from './request.js';

const orNull = <T extends object>(value: T): T | null => (Object.keys(value).length > 0 ? value : null);

/** The Lambda proxy integration's event (payload format 1.0), field for field. */
export function proxyEvent(call: ApiCall, traceHeader: string): Record<string, unknown> {
  const { request } = call;
  const headers = { ...request.headers };
  const multiValueHeaders = { ...request.multiValueHeaders };
  // API Gateway adds the forwarding headers and the trace header the function's request carries.
  const added: Record<string, string> = {
    'X-Amzn-Trace-Id': traceHeader,
    'X-Forwarded-For': request.sourceIp,
    'X-Forwarded-Port': call.port,
    'X-Forwarded-Proto': 'http',
  };
  for (const [name, value] of Object.entries(added)) {
    if (request.header(name) !== undefined) continue;
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  const binary = request.body.length > 0 && isBinaryType(request.header('content-type'), call.snapshot.binaryMediaTypes);
  return {
    resource: call.resource.path,
    path: request.path,
    httpMethod: request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: orNull(request.query),
    multiValueQueryStringParameters: orNull(request.multiValueQuery),
    pathParameters: orNull(call.pathParameters),
    stageVariables: call.stage.variables && Object.keys(call.stage.variables).length > 0 ? call.stage.variables : null,
    requestContext: requestContextOf(call),
    body: request.body.length === 0 ? null : binary ? request.body.toString('base64') : request.body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const RESPONSE_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A function's proxy response as HTTP, or undefined when it is malformed (API Gateway's 502): a
 * JSON object of statusCode, headers, multiValueHeaders, body (a string) and isBase64Encoded only.
 */
export function proxyAnswer(payload: Buffer, call: ApiCall): HttpAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (Object.keys(r).some((k) => !RESPONSE_KEYS.has(k))) return undefined;
  const status = typeof r.statusCode === 'string' && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return undefined;
  if (r.isBase64Encoded !== undefined && r.isBase64Encoded !== null && typeof r.isBase64Encoded !== 'boolean') return undefined;
  const headers: Record<string, string | string[]> = {};
  const lowerNames = new Map<string, string>();
  const put = (name: string, values: string[]) => {
    const key = lowerNames.get(name.toLowerCase()) ?? name;
    lowerNames.set(name.toLowerCase(), key);
    const existing = headers[key];
    headers[key] = existing === undefined ? values : [...(Array.isArray(existing) ? existing : [existing]), ...values];
  };
  if (r.multiValueHeaders !== undefined && r.multiValueHeaders !== null) {
    if (typeof r.multiValueHeaders !== 'object') return undefined;
    for (const [name, values] of Object.entries(r.multiValueHeaders as Record<string, unknown>)) {
      if (!Array.isArray(values) || !values.every(scalar)) return undefined;
      put(name, values.map(String));
    }
  }
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object') return undefined;
    for (const [name, v] of Object.entries(r.headers as Record<string, unknown>)) {
      if (!scalar(v)) return undefined;
      // A header in both maps takes the multi-value list (headers only adds what it lacks).
      if (!lowerNames.has(name.toLowerCase())) put(name, [String(v)]);
    }
  }
  for (const [k, v] of Object.entries(headers)) if (Array.isArray(v) && v.length === 1) headers[k] = v[0]!;
  const text = typeof r.body === 'string' ? r.body : '';
  const contentType = [...lowerNames.entries()].find(([l]) => l === 'content-type');
  const responseType = contentType ? String(headers[contentType[1]]) : undefined;
  if (!contentType) headers['Content-Type'] = 'application/json';
  const binary = r.isBase64Encoded === true;
  const decode =
    binary &&
    (isBinaryType(call.request.header('accept')?.split(',')[0], call.snapshot.binaryMediaTypes) || isBinaryType(responseType, call.snapshot.binaryMediaTypes));
  return { status, headers, body: decode ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
