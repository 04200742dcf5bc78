/**
 * HTTP API Lambda (REQUEST) authorizers: payload 1.0 or 2.0 in, a simple `{isAuthorized, context}`
 * or an IAM policy out; decisions cached by identity source values for the authorizer's TTL.
 */
import { v1Event } from '../../../http-events/http-api-payload-v1.js';
import { v2Event } from '../../../http-events/payload-v2.js';
import type { ApiGatewayV2Env } from '../context.js';
import { invokeFunction } from '../invoke.js';
import type { ApiRow, Doc } from '../store.js';
import { policyAllows } from './iam-policy.js';
import { identityValues } from './identity-sources.js';
import { routeArnOf, type RequestFacts } from './request-facts.js';

export type AuthDecision =
  | {
      kind: 'allow' /** `requestContext.authorizer` of the integration's event, by payload version. */;
      authorizer: { v1: Record<string, unknown>; v2: Record<string, unknown> };
    }
  | { kind: 'deny'; status: number; message: string };

export const UNAUTHORIZED: AuthDecision = { kind: 'deny', status: 401, message: 'Unauthorized' };
export const FORBIDDEN: AuthDecision = { kind: 'deny', status: 403, message: 'Forbidden' };
export const AUTHORIZER_FAILED: AuthDecision = { kind: 'deny', status: 500, message: 'Internal Server Error' };

interface CachedAnswer {
  expiresAt: number;
  answer: Record<string, unknown>;
}

const MAX_CACHED = 10_000;
/** API Gateway waits up to 10 seconds for an authorizer. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

export class LambdaAuthorizers {
  private readonly cache = new Map<string, CachedAnswer>();

  constructor(private readonly env: ApiGatewayV2Env) {}

  async authorize(api: ApiRow, authorizer: Doc, facts: RequestFacts): Promise<AuthDecision> {
    const sources = Array.isArray(authorizer.identitySource) ? authorizer.identitySource.map(String) : [];
    const values = identityValues(sources, facts.req, facts.url, facts.stageVariables, {
      requestId: facts.requestId,
      routeKey: facts.routeKey,
      stage: facts.stage,
    });
    if (values === undefined) return UNAUTHORIZED;
    const ttl = Number(authorizer.authorizerResultTtlInSeconds ?? 0);
    const key = `${api.apiId}:${authorizer.authorizerId}:${JSON.stringify(values)}`;
    const now = this.env.clock.now();
    let answer = ttl > 0 && sources.length > 0 ? this.cache.get(key) : undefined;
    if (answer && answer.expiresAt <= now) answer = undefined;
    if (!answer) {
      const fresh = await this.ask(api, authorizer, facts, values);
      if (!fresh) return AUTHORIZER_FAILED;
      answer = { expiresAt: now + ttl * 1000, answer: fresh };
      if (ttl > 0 && sources.length > 0) {
        if (this.cache.size >= MAX_CACHED) this.cache.clear();
        this.cache.set(key, answer);
      }
    }
    return decide(answer.answer, authorizer, routeArnOf(facts));
  }

  private async ask(api: ApiRow, authorizer: Doc, facts: RequestFacts, values: string[]): Promise<Record<string, unknown> | undefined> {
    const event = authorizer.authorizerPayloadFormatVersion === '2.0' ? v2AuthorizerEvent(facts, values) : v1AuthorizerEvent(facts, values);
    const outcome = await invokeFunction(this.env, api, String(authorizer.authorizerUri), event, facts.requestId, AUTHORIZER_TIMEOUT_MS);
    if (outcome.kind !== 'success') return undefined;
    try {
      const value = JSON.parse(outcome.payload.toString('utf8')) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}

function decide(answer: Record<string, unknown>, authorizer: Doc, routeArn: string): AuthDecision {
  const context = answer.context && typeof answer.context === 'object' ? (answer.context as Record<string, unknown>) : {};
  if (authorizer.enableSimpleResponses === true && typeof answer.isAuthorized === 'boolean') {
    return answer.isAuthorized ? { kind: 'allow', authorizer: { v1: { ...context }, v2: { lambda: context } } } : FORBIDDEN;
  }
  if (!answer.policyDocument) return authorizer.enableSimpleResponses === true ? AUTHORIZER_FAILED : AUTHORIZER_FAILED;
  if (!policyAllows(answer.policyDocument, routeArn)) return FORBIDDEN;
  const principalId = typeof answer.principalId === 'string' ? answer.principalId : undefined;
  const v1: Record<string, unknown> = { ...context };
  if (principalId !== undefined) v1.principalId = principalId;
  const v2: Record<string, unknown> = { lambda: context };
  if (principalId !== undefined) v2.principalId = principalId;
  return { kind: 'allow', authorizer: { v1, v2 } };
}

/** The 2.0 authorizer event: the 2.0 request event without its body, with `type`, `routeArn` and `identitySource`. */
function v2AuthorizerEvent(facts: RequestFacts, values: string[]): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _b64, version: _v, ...rest } = v2Event({ ...facts, body: Buffer.alloc(0), authorizer: undefined });
  return { version: '2.0', type: 'REQUEST', routeArn: routeArnOf(facts), identitySource: values, ...rest };
}

/** The 1.0 authorizer event: the 1.0 request shape with `type`, `methodArn`, `identitySource` and `authorizationToken`. */
function v1AuthorizerEvent(facts: RequestFacts, values: string[]): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _b64, version: _v, ...rest } = v1Event({ ...facts, body: Buffer.alloc(0), authorizer: undefined });
  const joined = values.join(',');
  return { version: '1.0', type: 'REQUEST', methodArn: routeArnOf(facts), identitySource: joined, authorizationToken: joined, ...rest };
}
