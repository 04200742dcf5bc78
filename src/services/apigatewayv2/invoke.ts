import { randomUUID } from 'node:crypto';
import type { GatewayOutcome } from '../../gateway/types.js';
import type { ApiGatewayV2Env } from './context.js';
import type { ApiRow } from './store.js';

/** The function ARN in an integration or authorizer URI (a bare ARN, or `arn:aws:apigateway:...:lambda:path/.../functions/{arn}/invocations`). */
export function functionArnOf(uri: string): string {
  const m = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri);
  return m ? m[1]! : uri;
}

/** `arn:aws:execute-api:{region}:{account}:{api-id}`: what invocations name as their source. */
export function apiArn(api: ApiRow): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}`;
}

export type TimedOutcome = GatewayOutcome | { kind: 'timed-out' };

/** Runs a function through the gateway (the only way), giving up waiting after `timeoutMs` as API Gateway does. */
export function invokeFunction(
  env: ApiGatewayV2Env,
  api: ApiRow,
  uri: string,
  event: unknown,
  requestId: string,
  timeoutMs: number,
  traceHeader?: string,
): Promise<TimedOutcome> {
  const invocation = env.deps.gateway.invoke({
    function: { ref: functionArnOf(uri), scope: { accountId: api.accountId, region: api.region } },
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(event)),
    traceHeader,
    cause: { source: 'aws:apigateway', ids: { requestId, sourceArn: apiArn(api) } },
  });
  return new Promise((resolve) => {
    const timer = env.clock.schedule(timeoutMs, () => resolve({ kind: 'timed-out' }));
    invocation.then((outcome) => {
      timer.cancel();
      resolve(outcome);
    });
  });
}
