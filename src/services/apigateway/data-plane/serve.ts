import { randomBytes } from 'node:crypto';
import { readBody } from '../../../protocols/http.js';
import { AwsError } from '../../../protocols/aws-error.js';
import type { HttpExchange, RequestContext } from '../../../server/request-context.js';
import { VtlError } from '../../../vtl/index.js';
import type { ApiGatewayEnv } from '../context.js';
import { newExtendedRequestId } from '../ids.js';
import type { ApiCall } from './call.js';
import { authorize, type AuthorizerCache } from './authorizers.js';
import { runIntegration } from './integrations.js';
import { FORBIDDEN_KEY, INTERNAL_ERROR, MISSING_TOKEN, type Outcome, TOO_LARGE, UNAUTHORIZED } from './outcome.js';
import { type ApiRequest, readRequest } from './request.js';
import { failureAnswer, awsHeaders, write } from './respond.js';
import { matchRoute, methodFor } from './routing.js';
import { validateRequest } from './validation.js';
import type { UsageLimits } from './usage.js';

// API Gateway's payload limit for REST APIs.
const MAX_PAYLOAD = 10 * 1024 * 1024;

/** `Root=1-{epoch seconds hex}-{24 hex}`, the trace API Gateway starts when the caller sent none. */
function newTraceId(now: number): string {
  return `Root=1-${Math.floor(now / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

const FORBIDDEN = { responseType: 'MISSING_AUTHENTICATION_TOKEN', status: 403, message: 'Forbidden', errorType: 'ForbiddenException' };

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** One request to a REST API: stage, route, authorization, API key, integration, response, observation. */
export async function serveRestApi(
  env: ApiGatewayEnv,
  cache: AuthorizerCache,
  usage: UsageLimits,
  exchange: HttpExchange,
  ctx: RequestContext,
  apiId: string,
  path: string,
): Promise<void> {
  const startedAt = env.clock.now();
  const started = performance.now();
  const extendedRequestId = newExtendedRequestId();
  const { req, res } = exchange;
  const requestId = ctx.requestId;
  const common = awsHeaders(requestId, extendedRequestId);
  const doc = env.store.apis.get(apiId);
  const stageName = /^\/([^/]+)/.exec(path)?.[1];
  const stage = doc && stageName ? doc.stages[decodePath(stageName)] : undefined;
  const deployment = stage ? doc!.deployments[stage.deploymentId] : undefined;
  ctx.operation = 'Invoke';
  let status = 0;
  const observe = (call: Partial<ApiCall>) => {
    if (!env.deps.observations.wants('http.request')) return;
    env.deps.observations.emit({
      type: 'http.request',
      ids: { requestId, ...(call.functionArn ? { functionArn: call.functionArn } : {}) },
      source: 'aws:apigateway',
      apiId,
      stage: stage?.stageName ?? '',
      method: req.method ?? 'GET',
      route: call.resource?.path ?? '',
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      integration: call.method?.methodIntegration?.type,
    });
  };
  if (!doc || !stage || !deployment) {
    req.resume();
    const answer = failureAnswer(FORBIDDEN, { requestId, extendedRequestId });
    status = answer.status;
    write(res, answer, common);
    observe({});
    return;
  }
  const snapshot = deployment.snapshot;
  const rest = decodePath(path.slice(1 + stageName!.length) || '/');
  const segments = rest.split('/').filter(Boolean);
  const route = matchRoute(snapshot, segments);
  const method = route && methodFor(route.resource, req.method ?? 'GET');
  const host = (req.headers.host ?? '').toLowerCase();
  const port = /:(\d+)$/.exec(host)?.[1] ?? new URL(env.deps.endpointUrl()).port;
  const hostName = host.replace(/:\d+$/, '');
  const domainName = hostName.startsWith(`${apiId}.execute-api`) ? hostName : `${apiId}.execute-api.localhost`;
  const partial: Partial<ApiCall> & Pick<ApiCall, 'requestId' | 'extendedRequestId'> = { requestId, extendedRequestId, doc, stage, deployment, snapshot };
  const fail = (failure: Parameters<typeof failureAnswer>[0], call: Partial<ApiCall> & Pick<ApiCall, 'requestId' | 'extendedRequestId'>) => {
    const answer = failureAnswer(failure, call);
    status = answer.status;
    write(res, answer, common);
    observe(call);
  };
  if (!route || !method) {
    req.resume();
    fail(MISSING_TOKEN, partial);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_PAYLOAD, () => new AwsError('RequestTooLarge', 'Request Too Long', 413));
  } catch {
    fail(TOO_LARGE, partial);
    return;
  }
  const request: ApiRequest = readRequest(exchange, rest, body);
  const traceId = request.header('x-amzn-trace-id') ?? newTraceId(startedAt);
  const call: ApiCall = {
    doc,
    stage,
    deployment,
    snapshot,
    request,
    resource: route.resource,
    method,
    pathParameters: route.pathParameters,
    requestId,
    extendedRequestId,
    traceId,
    startedAt,
    domainName,
    port,
  };
  let outcome: Outcome;
  try {
    outcome = await handle(env, cache, usage, call);
  } catch (err) {
    if (!(err instanceof VtlError)) env.deps.logger.warn(`REST API ${apiId}: ${(err as Error).message}`);
    outcome = { failure: INTERNAL_ERROR };
  }
  if ('failure' in outcome) {
    fail(outcome.failure, call);
    return;
  }
  status = outcome.answer.status;
  write(res, outcome.answer, { ...common, 'X-Amzn-Trace-Id': traceId });
  observe(call);
}

async function handle(env: ApiGatewayEnv, cache: AuthorizerCache, usage: UsageLimits, call: ApiCall): Promise<Outcome> {
  const { method } = call;
  let usageIdentifierKey: string | undefined;
  if (method.authorizationType === 'AWS_IAM') {
    // Tributary checks that the request is SigV4-signed; --enforce-auth verifies signatures.
    if (!call.request.header('authorization')?.startsWith('AWS4-HMAC-SHA256')) return { failure: MISSING_TOKEN };
  } else if (method.authorizationType === 'CUSTOM') {
    const authorizer = method.authorizerId ? call.snapshot.authorizers[method.authorizerId] : undefined;
    if (!authorizer) return { failure: INTERNAL_ERROR };
    const verdict = await authorize(env, cache, call, authorizer);
    if (verdict && 'responseType' in verdict) return { failure: verdict };
    usageIdentifierKey = verdict?.usageIdentifierKey;
  } else if (method.authorizationType === 'COGNITO_USER_POOLS') {
    // No Cognito in Tributary yet: a token cannot be verified, so every request is refused.
    return { failure: UNAUTHORIZED };
  }
  if (method.apiKeyRequired) {
    const value = call.snapshot.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : call.request.header('x-api-key');
    const key = value ? env.store.keyByValue(call.doc, value) : undefined;
    const plan = key?.enabled
      ? env.store
          .plansOf(call.doc)
          .find((p) => p.keys.includes(key.id) && p.apiStages.some((s) => s.apiId === call.doc.api.id && s.stage === call.stage.stageName))
      : undefined;
    if (!key || !plan) return { failure: FORBIDDEN_KEY };
    const limited = usage.admit(plan, key.id);
    if (limited) return { failure: limited };
    call.apiKey = { id: key.id, value: key.value };
  }
  const invalid = validateRequest(call);
  if (invalid) return { failure: invalid };
  const integration = method.methodIntegration;
  if (!integration) return { failure: INTERNAL_ERROR };
  return runIntegration(env, call, integration);
}
