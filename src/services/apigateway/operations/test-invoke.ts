import { randomUUID } from 'node:crypto';
import type { ApiGatewayEnv } from '../context.js';
import { existingApi, existingMethod, existingResource, jsonBody, ok, op, optionalString, stringMap } from '../context.js';
import type { ApiCall } from '../data-plane/call.js';
import { runIntegration } from '../data-plane/integrations.js';
import { INTERNAL_ERROR, type Outcome } from '../data-plane/outcome.js';
import { type ApiRequest, apiRequest } from '../data-plane/request.js';
import { failureAnswer } from '../data-plane/respond.js';
import { matchRoute } from '../data-plane/routing.js';
import { validateRequest } from '../data-plane/validation.js';
import { newExtendedRequestId } from '../ids.js';
import type { ApiDocument, Snapshot, Stage } from '../model.js';
import { checkHttpMethod } from './methods.js';

/**
 * TestInvokeMethod: runs a method of the API as it is now (not a deployment), as API Gateway's
 * console test does: no authorizer and no API key, a `test-invoke-stage` stage with the given
 * stage variables, and the execution log in the answer.
 */
export const testInvokeOperations = [
  op('TestInvokeMethod', 'POST', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', async (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    const httpMethod = checkHttpMethod(request.params.httpMethod);
    const method = existingMethod(resource, httpMethod);
    const input = jsonBody(request);
    const started = performance.now();
    const now = env.clock.now();
    const snapshot = snapshotOf(doc);
    const pathWithQuery = optionalString(input, 'pathWithQueryString') ?? resource.path;
    const url = new URL(pathWithQuery.startsWith('/') ? pathWithQuery : `/${pathWithQuery}`, 'http://test-invoke');
    const apiRequest = requestOf(httpMethod, decodeSafely(url.pathname), url, input);
    const route = matchRoute(snapshot, apiRequest.path.split('/').filter(Boolean));
    const stage: Stage = {
      stageName: 'test-invoke-stage',
      deploymentId: 'test-invoke-deployment-id',
      variables: stringMap<string>(input, 'stageVariables') ?? {},
      cacheClusterEnabled: false,
      methodSettings: {},
      tracingEnabled: false,
      createdDate: Math.floor(now / 1000),
      lastUpdatedDate: Math.floor(now / 1000),
    };
    const call: ApiCall = {
      doc,
      stage,
      deployment: { id: stage.deploymentId, createdDate: stage.createdDate, snapshot },
      snapshot,
      request: apiRequest,
      resource,
      method,
      pathParameters: route?.resource.id === resource.id ? route.pathParameters : {},
      requestId: randomUUID(),
      extendedRequestId: newExtendedRequestId(),
      traceId: `Root=1-${Math.floor(now / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      startedAt: now,
      domainName: 'testPrefix.testDomainName',
      port: new URL(env.deps.endpointUrl()).port,
    };
    const outcome = await run(env, call);
    const answer = 'failure' in outcome ? failureAnswer(outcome.failure, call) : outcome.answer;
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      const values = Array.isArray(value) ? value : [value];
      headers[name] = values.join(',');
      multiValueHeaders[name] = values;
    }
    const latency = Math.round(performance.now() - started);
    return ok({
      status: answer.status,
      body: answer.body.toString('utf8'),
      headers,
      multiValueHeaders,
      log: executionLog(call, answer.status, now),
      latency,
    });
  }),
];

async function run(env: ApiGatewayEnv, call: ApiCall): Promise<Outcome> {
  const invalid = validateRequest(call, { cacheModels: false });
  if (invalid) return { failure: invalid };
  const integration = call.method.methodIntegration;
  if (!integration) return { failure: INTERNAL_ERROR };
  try {
    return await runIntegration(env, call, integration);
  } catch {
    return { failure: INTERNAL_ERROR };
  }
}

function snapshotOf(doc: ApiDocument): Snapshot {
  return structuredClone({
    resources: doc.resources,
    authorizers: doc.authorizers,
    gatewayResponses: doc.gatewayResponses,
    binaryMediaTypes: doc.api.binaryMediaTypes ?? [],
    apiKeySource: doc.api.apiKeySource ?? 'HEADER',
    models: doc.models,
    requestValidators: doc.requestValidators,
  });
}

function requestOf(httpMethod: string, path: string, url: URL, input: Record<string, unknown>): ApiRequest {
  const headers: Record<string, string> = { ...stringMap<string>(input, 'headers') };
  const multiValueHeaders: Record<string, string[]> = {};
  const given = input.multiValueHeaders;
  if (given && typeof given === 'object') {
    for (const [name, values] of Object.entries(given as Record<string, unknown>)) {
      if (Array.isArray(values) && values.length > 0) {
        multiValueHeaders[name] = values.map(String);
        headers[name] = String(values[values.length - 1]);
      }
    }
  }
  for (const [name, value] of Object.entries(headers)) multiValueHeaders[name] ??= [value];
  return apiRequest({
    httpMethod,
    path,
    headers,
    multiValueHeaders,
    url,
    body: Buffer.from(optionalString(input, 'body') ?? ''),
    sourceIp: 'test-invoke-source-ip',
    protocol: 'HTTP/1.1',
  });
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The execution log's lines, stamped as API Gateway stamps them (`Tue Dec 01 12:00:00 UTC 2026`). */
function executionLog(call: ApiCall, status: number, now: number): string {
  const d = new Date(now);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${day} ${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
  const map = (m: Record<string, string>) =>
    `{${Object.entries(m)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}}`;
  const lines = [
    `Starting execution for request: ${call.requestId}`,
    `HTTP Method: ${call.method.httpMethod}, Resource Path: ${call.request.path}`,
    `Method request path: ${map(call.pathParameters)}`,
    `Method request query string: ${map(call.request.query)}`,
    `Method request headers: ${map(call.request.headers)}`,
    `Method request body before transformations: ${call.request.body.toString('utf8')}`,
    `Method completed with status: ${status}`,
  ];
  return `Execution log for request ${call.requestId}\n${lines.map((l) => `${stamp} : ${l}`).join('\n')}\n`;
}
