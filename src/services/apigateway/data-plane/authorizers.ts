import type { ApiGatewayEnv } from '../context.js';
import type { Authorizer } from '../model.js';
import { type ApiCall, methodArn, requestContextOf } from './call.js';
import { invokeLambda } from './invoke.js';
import { requestValue } from './mapping.js';
import { AUTHORIZER_ERROR, deny, type Failure, UNAUTHORIZED } from './outcome.js';
import { judgePolicy, validPolicyOutput } from './policy.js';

interface CachedResult {
  expiresAt: number;
  principalId: string;
  policy: unknown;
  context: Record<string, string>;
  usageIdentifierKey?: string;
}

/**
 * Lambda authorizer results, kept for `authorizerResultTtlInSeconds` per stage, authorizer and
 * identity (the token, or every identity source's value). A cached policy is judged again against
 * each request's method ARN, as API Gateway does.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, CachedResult>();

  get(key: string, now: number): CachedResult | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: CachedResult): void {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, value);
  }

  flush(apiId: string, stage: string): void {
    const prefix = `${apiId}/${stage}/`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

/** The identity of a request for an authorizer, or undefined when a source is missing (401 without calling it). */
function identityOf(call: ApiCall, authorizer: Authorizer): string[] | undefined {
  const sources = (authorizer.identitySource ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const values: string[] = [];
  for (const source of sources) {
    const value = requestValue(call, source);
    if (value === undefined || value === '') return undefined;
    values.push(value);
  }
  return values;
}

function eventOf(call: ApiCall, authorizer: Authorizer, identity: string[]): Record<string, unknown> {
  const arn = methodArn(call);
  if (authorizer.type === 'TOKEN') return { type: 'TOKEN', methodArn: arn, authorizationToken: identity[0] };
  const { request } = call;
  const orNull = <T extends object>(v: T): T | null => (Object.keys(v).length > 0 ? v : null);
  return {
    type: 'REQUEST',
    methodArn: arn,
    resource: call.resource.path,
    path: request.path,
    httpMethod: request.httpMethod,
    headers: request.headers,
    multiValueHeaders: request.multiValueHeaders,
    queryStringParameters: orNull(request.query),
    multiValueQueryStringParameters: orNull(request.multiValueQuery),
    pathParameters: orNull(call.pathParameters),
    stageVariables: call.stage.variables ?? null,
    requestContext: requestContextOf(call),
  };
}

/** Runs the method's Lambda authorizer (or reuses its cached result); sets `call.authorizer`, or returns the failure to answer with. */
export async function authorize(
  env: ApiGatewayEnv,
  cache: AuthorizerCache,
  call: ApiCall,
  authorizer: Authorizer,
): Promise<Failure | { usageIdentifierKey?: string } | undefined> {
  const ttl = authorizer.authorizerResultTtlInSeconds ?? 300;
  const identity = identityOf(call, authorizer);
  const sourcesOptional = authorizer.type === 'REQUEST' && ttl === 0;
  if (!identity && !sourcesOptional) return UNAUTHORIZED;
  const values = identity ?? [];
  if (
    authorizer.type === 'TOKEN' &&
    authorizer.identityValidationExpression &&
    !new RegExp(`^(?:${authorizer.identityValidationExpression})$`).test(values[0] ?? '')
  ) {
    return UNAUTHORIZED;
  }
  const key = `${call.doc.api.id}/${call.stage.stageName}/${authorizer.id}/${JSON.stringify(values)}`;
  const now = env.clock.now();
  let result = ttl > 0 ? cache.get(key, now) : undefined;
  let latency = 0;
  if (!result) {
    const started = env.clock.now();
    const outcome = await invokeLambda(env, call, authorizer.authorizerUri ?? '', eventOf(call, authorizer, values), 29_000, 'aws:apigateway:authorizer');
    latency = env.clock.now() - started;
    if (outcome.kind === 'function-error') {
      let message: unknown;
      try {
        message = (JSON.parse(outcome.payload.toString('utf8')) as { errorMessage?: unknown }).errorMessage;
      } catch {
        message = undefined;
      }
      // The one error an authorizer may raise on purpose: "Unauthorized" is the 401.
      return message === 'Unauthorized' ? UNAUTHORIZED : AUTHORIZER_ERROR;
    }
    if (outcome.kind !== 'success') return AUTHORIZER_ERROR;
    let output: unknown;
    try {
      output = JSON.parse(outcome.payload.toString('utf8'));
    } catch {
      return AUTHORIZER_ERROR;
    }
    if (!validPolicyOutput(output)) return AUTHORIZER_ERROR;
    const context: Record<string, string> = {};
    for (const [k, v] of Object.entries(output.context ?? {})) context[k] = String(v);
    result = {
      expiresAt: now + ttl * 1000,
      principalId: String(output.principalId),
      policy: output.policyDocument,
      context,
      usageIdentifierKey: output.usageIdentifierKey,
    };
    if (ttl > 0) cache.set(key, result);
  }
  const verdict = judgePolicy(result.policy, methodArn(call));
  if (verdict !== 'allow') return deny(verdict === 'deny');
  call.authorizer = { ...result.context, principalId: result.principalId, integrationLatency: latency };
  return { usageIdentifierKey: result.usageIdentifierKey };
}
