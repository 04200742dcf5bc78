/** What an HTTP API's integrations answer: AWS_PROXY runs the function, HTTP_PROXY forwards to the URL. */
import { v1Event, v1Response } from '../../../http-events/http-api-payload-v1.js';
import { v2Event, v2Response, type ProxyHttpResponse } from '../../../http-events/payload-v2.js';
import type { ApiGatewayV2Env } from '../context.js';
import { invokeFunction } from '../invoke.js';
import type { ApiRow, Doc } from '../store.js';
import { mapRequest } from './parameter-mapping.js';
import type { RequestFacts } from './request-facts.js';

export type IntegrationAnswer = { kind: 'response'; response: ProxyHttpResponse } | { kind: 'error'; status: number; message: string };

const INTERNAL: IntegrationAnswer = { kind: 'error', status: 500, message: 'Internal Server Error' };
/** An HTTP API whose integration does not answer in time is a 503 Service Unavailable. */
const TIMED_OUT: IntegrationAnswer = { kind: 'error', status: 503, message: 'Service Unavailable' };

export async function runLambdaProxy(
  env: ApiGatewayV2Env,
  api: ApiRow,
  integration: Doc,
  facts: RequestFacts,
  traceHeader?: string,
): Promise<IntegrationAnswer> {
  const v2 = integration.payloadFormatVersion === '2.0';
  const event = v2 ? v2Event(facts) : v1Event(facts);
  const outcome = await invokeFunction(
    env,
    api,
    String(integration.integrationUri),
    event,
    facts.requestId,
    Number(integration.timeoutInMillis ?? 30_000),
    traceHeader,
  );
  if (outcome.kind === 'timed-out') return TIMED_OUT;
  if (outcome.kind !== 'success') return INTERNAL;
  const response = v2 ? v2Response(outcome.payload) : v1Response(outcome.payload);
  return response ? { kind: 'response', response } : INTERNAL;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'te', 'trailer', 'proxy-authorization']);

/**
 * HTTP_PROXY: `{name}` and `{name+}` path parameters in the URI are filled in, the query string
 * passed on, and the integration's request parameters applied.
 */
export async function runHttpProxy(integration: Doc, facts: RequestFacts): Promise<IntegrationAnswer> {
  const template = String(integration.integrationUri);
  let filled: URL;
  try {
    filled = new URL(template.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => facts.pathParameters[name] ?? ''));
  } catch {
    return INTERNAL;
  }
  const baseHeaders = new Map<string, string>();
  for (const [k, v] of Object.entries(facts.req.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    baseHeaders.set(k, Array.isArray(v) ? v.join(',') : v);
  }
  const baseQuery: [string, string][] = template.includes('?') ? [...filled.searchParams] : [...facts.url.searchParams];
  const parameters = integration.requestParameters as Record<string, string> | undefined;
  const mapped = mapRequest(parameters, facts, { headers: baseHeaders, query: baseQuery, path: filled.pathname });
  let target: string;
  if (parameters && Object.keys(parameters).length > 0) {
    filled.pathname = mapped.path;
    filled.search = new URLSearchParams(mapped.query).toString();
    target = filled.toString();
  } else {
    // Unmapped, the query string goes on byte for byte.
    target = template.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => facts.pathParameters[name] ?? '');
    if (facts.url.search && !template.includes('?')) target += facts.url.search;
  }
  const method = !integration.integrationMethod || integration.integrationMethod === 'ANY' ? facts.req.method! : String(integration.integrationMethod);
  const headers = new Headers();
  for (const [k, v] of mapped.headers) headers.set(k, v);
  try {
    const reply = await fetch(target, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(facts.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(Number(integration.timeoutInMillis ?? 30_000)),
    });
    const out: Record<string, string | string[]> = {};
    reply.headers.forEach((v, k) => {
      if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') out[k] = v;
    });
    const cookies = reply.headers.getSetCookie();
    if (cookies.length > 0) out['set-cookie'] = cookies;
    return { kind: 'response', response: { status: reply.status, headers: out, body: Buffer.from(await reply.arrayBuffer()) } };
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? TIMED_OUT : INTERNAL;
  }
}
