import { randomUUID } from 'node:crypto';
import type { GatewayOutcome } from '../../../gateway/types.js';
import type { ApiGatewayEnv } from '../context.js';
import { LAMBDA_URI } from '../operations/integrations.js';
import type { ApiCall } from './call.js';
import { withStageVariables } from './mapping.js';

export type InvokeResult = GatewayOutcome | { kind: 'timeout' } | { kind: 'bad-uri' };

/** Runs the function of a `.../functions/{arn}/invocations` URI through the gateway (RequestResponse), bounded by `timeoutMs`. */
export async function invokeLambda(env: ApiGatewayEnv, call: ApiCall, uri: string, payload: unknown, timeoutMs: number, source: string): Promise<InvokeResult> {
  const ref = LAMBDA_URI.exec(withStageVariables(uri, call))?.[1];
  if (!ref) return { kind: 'bad-uri' };
  const scope = { accountId: call.doc.accountId, region: call.doc.region };
  const fn = env.deps.gateway.resolve(ref, scope);
  if (!fn) return { kind: 'not-found', message: `Function not found: ${ref}` };
  call.functionArn = fn.unqualifiedArn;
  const invocation = env.deps.gateway.invoke({
    function: fn,
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload)),
    traceHeader: call.traceId,
    // AWS's recursive-loop detection does not follow requests through API Gateway.
    recursion: 'exempt',
    cause: { source, ids: { requestId: call.requestId } },
  });
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<InvokeResult>((resolve) => {
    timer = env.clock.schedule(timeoutMs, () => resolve({ kind: 'timeout' }));
  });
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    timer?.cancel();
  }
}
