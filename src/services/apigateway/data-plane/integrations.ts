import type { ApiGatewayEnv } from '../context.js';
import type { Integration } from '../model.js';
import type { ApiCall } from './call.js';
import { invokeLambda } from './invoke.js';
import {
  integrationRequestParameters,
  renderTemplate,
  requestTemplate,
  responseHeaders,
  responseTemplate,
  selectIntegrationResponse,
  withStageVariables,
} from './mapping.js';
import { BAD_GATEWAY, INTEGRATION_FAILURE, INTERNAL_ERROR, type Outcome, TIMED_OUT, UNSUPPORTED_MEDIA } from './outcome.js';
import { proxyAnswer, proxyEvent } from './proxy-event.js';
import { isBinaryType } from './request.js';

const SOURCE = 'aws:apigateway';

export async function runIntegration(env: ApiGatewayEnv, call: ApiCall, integration: Integration): Promise<Outcome> {
  switch (integration.type) {
    case 'AWS_PROXY':
      return lambdaProxy(env, call, integration);
    case 'AWS':
      return lambdaCustom(env, call, integration);
    case 'MOCK':
      return mock(call, integration);
    case 'HTTP_PROXY':
      return httpProxy(call, integration);
    case 'HTTP':
      return httpCustom(call, integration);
  }
  return { failure: INTERNAL_ERROR };
}

async function lambdaProxy(env: ApiGatewayEnv, call: ApiCall, integration: Integration): Promise<Outcome> {
  const result = await invokeLambda(env, call, integration.uri ?? '', proxyEvent(call, call.traceId), integration.timeoutInMillis, SOURCE);
  if (result.kind === 'timeout') return { failure: TIMED_OUT };
  if (result.kind === 'throttled')
    return { failure: { responseType: 'THROTTLED', status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' } };
  if (result.kind !== 'success') {
    // A function error, a missing function or an engine failure: the proxy integration's 502 (500 when it cannot even be called).
    return { failure: result.kind === 'function-error' ? BAD_GATEWAY : INTERNAL_ERROR };
  }
  const answer = proxyAnswer(result.payload, call);
  return answer ? { answer } : { failure: BAD_GATEWAY };
}

/** The request body an integration receives: a rendered template, or the body passed through as the passthrough behaviour allows. */
function integrationBody(call: ApiCall, integration: Integration): { body: string } | { failure: typeof UNSUPPORTED_MEDIA } {
  const contentType = call.request.header('content-type');
  const template = requestTemplate(integration.requestTemplates, contentType);
  const binary = isBinaryType(contentType, call.snapshot.binaryMediaTypes);
  const bodyText = binary && integration.contentHandling === 'CONVERT_TO_TEXT' ? call.request.body.toString('base64') : call.request.body.toString('utf8');
  if (template !== undefined) return { body: renderTemplate(template, call, bodyText) };
  const hasTemplates = Object.keys(integration.requestTemplates ?? {}).length > 0;
  const behavior = integration.passthroughBehavior ?? 'WHEN_NO_MATCH';
  if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && hasTemplates)) return { failure: UNSUPPORTED_MEDIA };
  return { body: bodyText };
}

/** The method response of a non-proxy integration: selected integration response, mapped headers, rendered template. */
function customAnswer(
  call: ApiCall,
  integration: Integration,
  selector: string | undefined,
  status: number | undefined,
  headers: Record<string, string>,
  body: string,
): Outcome {
  const response = selectIntegrationResponse(integration, selector);
  if (!response) return { failure: INTERNAL_ERROR };
  const mapped = responseHeaders(call, response, headers, body);
  const template = responseTemplate(response.responseTemplates, call.request.header('accept'));
  let out: Buffer;
  let contentType = 'application/json';
  if (template) {
    contentType = template.type;
    out = Buffer.from(template.template === '' ? '' : renderTemplate(template.template, call, body));
  } else out = Buffer.from(body);
  if (response.contentHandling === 'CONVERT_TO_BINARY') out = Buffer.from(out.toString('utf8'), 'base64');
  const answerHeaders: Record<string, string> = { 'Content-Type': contentType, ...mapped };
  void status;
  return { answer: { status: Number(response.statusCode), headers: answerHeaders, body: out } };
}

async function lambdaCustom(env: ApiGatewayEnv, call: ApiCall, integration: Integration): Promise<Outcome> {
  const request = integrationBody(call, integration);
  if ('failure' in request) return request;
  let payload: unknown;
  try {
    payload = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch {
    // Lambda takes JSON; a template that renders anything else is passed as a JSON string.
    payload = request.body;
  }
  const result = await invokeLambda(env, call, integration.uri ?? '', payload, integration.timeoutInMillis, SOURCE);
  if (result.kind === 'timeout') return { failure: TIMED_OUT };
  if (result.kind === 'bad-uri') return { failure: INTERNAL_ERROR };
  if (result.kind !== 'success' && result.kind !== 'function-error') return { failure: INTERNAL_ERROR };
  const body = result.payload.toString('utf8');
  let selector: string | undefined;
  if (result.kind === 'function-error') {
    try {
      const error = JSON.parse(body) as { errorMessage?: unknown };
      selector = typeof error.errorMessage === 'string' ? error.errorMessage : body;
    } catch {
      selector = body;
    }
  }
  return customAnswer(call, integration, selector, undefined, {}, body);
}

function mock(call: ApiCall, integration: Integration): Outcome {
  const request = integrationBody(call, integration);
  if ('failure' in request) return request;
  let statusCode = 200;
  try {
    const parsed = JSON.parse(request.body) as { statusCode?: unknown };
    if (parsed && typeof parsed.statusCode === 'number') statusCode = parsed.statusCode;
  } catch {
    // a MOCK request template that is not JSON selects the default response
  }
  return customAnswer(call, integration, String(statusCode), statusCode, {}, '');
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer']);

function targetUrl(call: ApiCall, integration: Integration, params: ReturnType<typeof integrationRequestParameters>, passQuery: boolean): string {
  const uri = withStageVariables(integration.uri ?? '', call).replace(/\{([^}]+?)\+?\}/g, (_, name: string) => {
    const value = params.path[name] ?? call.pathParameters[name] ?? '';
    return name === 'proxy' || value.includes('/') ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  const url = new URL(uri);
  if (passQuery) for (const [k, values] of Object.entries(call.request.multiValueQuery)) for (const v of values) url.searchParams.append(k, v);
  for (const [k, v] of Object.entries(params.query)) url.searchParams.set(k, v);
  return url.toString();
}

async function fetchIntegration(
  integration: Integration,
  url: string,
  init: { headers: Record<string, string>; body?: Buffer | string },
): Promise<Response | 'timeout' | 'error'> {
  const method = integration.httpMethod === 'ANY' ? undefined : integration.httpMethod;
  try {
    return await fetch(url, {
      method: method ?? 'GET',
      headers: init.headers,
      body:
        method === 'GET' || method === 'HEAD' || init.body === undefined || init.body.length === 0
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : new Uint8Array(init.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(integration.timeoutInMillis),
    });
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
  }
}

async function httpProxy(call: ApiCall, integration: Integration): Promise<Outcome> {
  const params = integrationRequestParameters(call, integration);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.request.headers)) if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  Object.assign(headers, params.headers);
  const effective = integration.httpMethod === 'ANY' ? { ...integration, httpMethod: call.request.httpMethod } : integration;
  const reply = await fetchIntegration(effective, targetUrl(call, integration, params, true), { headers, body: call.request.body });
  if (reply === 'timeout') return { failure: TIMED_OUT };
  if (reply === 'error') return { failure: INTEGRATION_FAILURE };
  const out: Record<string, string | string[]> = {};
  reply.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
  });
  const cookies = reply.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return { answer: { status: reply.status, headers: out, body: Buffer.from(await reply.arrayBuffer()) } };
}

async function httpCustom(call: ApiCall, integration: Integration): Promise<Outcome> {
  const request = integrationBody(call, integration);
  if ('failure' in request) return request;
  const params = integrationRequestParameters(call, integration);
  const headers: Record<string, string> = { ...params.headers };
  const contentType = call.request.header('content-type');
  if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
  const reply = await fetchIntegration(integration, targetUrl(call, integration, params, false), { headers, body: request.body });
  if (reply === 'timeout') return { failure: TIMED_OUT };
  if (reply === 'error') return { failure: INTEGRATION_FAILURE };
  const replyHeaders: Record<string, string> = {};
  reply.headers.forEach((value, name) => {
    replyHeaders[name] = value;
  });
  const body = await reply.text();
  return customAnswer(call, integration, String(reply.status), reply.status, replyHeaders, body);
}
