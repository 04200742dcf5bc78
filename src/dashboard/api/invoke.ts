import { randomUUID } from 'node:crypto';
import { RECURSIVE_INVOCATION_MESSAGE } from '../../gateway/errors.js';
import type { GatewayOutcome } from '../../gateway/types.js';
import type { InternalDeps } from '../../internal/route.js';
import type { FunctionSummary, InvokeRequest, InvokeResult } from '../api-types.js';
import { ApiError, notFound } from './http.js';
import { functionLogs } from './logs.js';

/** Reads `InvokeRequest` from a request body. */
export function invokeRequestOf(body: unknown): InvokeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'The body must be a JSON object: { "payload": <any JSON>, "qualifier"?: string }.');
  const { payload, qualifier } = body as Record<string, unknown>;
  if (qualifier !== undefined && (typeof qualifier !== 'string' || !/^(\$LATEST|[a-zA-Z0-9$_-]{1,128})$/.test(qualifier))) {
    throw new ApiError(400, "'qualifier' must be a version or alias name.");
  }
  return { payload: payload === undefined ? {} : payload, qualifier: qualifier as string | undefined };
}

/** Runs the function synchronously (as Invoke with RequestResponse does), through the gateway. */
export async function invokeFunction(deps: InternalDeps, fn: FunctionSummary, request: InvokeRequest): Promise<InvokeResult> {
  const invocationId = randomUUID();
  const ref = request.qualifier ? `${fn.arn}:${request.qualifier}` : fn.arn;
  const outcome = await deps.gateway.invoke({
    function: { ref, scope: { accountId: fn.accountId, region: fn.region } },
    requestId: invocationId,
    payload: Buffer.from(JSON.stringify(request.payload)),
    tail: true,
    cause: { source: 'lambda:invoke', ids: { requestId: invocationId } },
  });
  if (outcome.kind === 'not-found') throw notFound(outcome.message);
  const result: InvokeResult = { invocationId, ...answerOf(outcome), logs: '', durationMs: 'durationMs' in outcome ? outcome.durationMs : 0 };
  const lines = functionLogs(deps, fn, { invocation: invocationId, limit: 1000 });
  // The stored log has every line once the REPORT line is in; before that, the gateway's 4 KB tail.
  result.logs = lines.some((l) => l.message.startsWith('REPORT ')) ? lines.map((l) => l.message.replace(/\n$/, '')).join('\n') : outcomeTail(outcome);
  return result;
}

function answerOf(outcome: Exclude<GatewayOutcome, { kind: 'not-found' }>): Pick<InvokeResult, 'statusCode' | 'payload' | 'functionError'> {
  switch (outcome.kind) {
    case 'success':
      return { statusCode: 200, payload: outcome.payload.toString('utf8') };
    case 'function-error':
      return { statusCode: 200, payload: outcome.payload.toString('utf8'), functionError: 'Unhandled' };
    case 'throttled':
    case 'not-invocable':
      return { statusCode: outcome.error.status, payload: JSON.stringify({ errorType: outcome.error.code, errorMessage: outcome.error.message }) };
    case 'recursion-stopped':
      return { statusCode: 400, payload: JSON.stringify({ errorType: 'RecursiveInvocationException', errorMessage: RECURSIVE_INVOCATION_MESSAGE }) };
    case 'system-error':
      return { statusCode: 500, payload: JSON.stringify({ errorType: 'ServiceException', errorMessage: outcome.error.message }) };
  }
}

function outcomeTail(outcome: GatewayOutcome): string {
  return outcome.kind === 'success' || outcome.kind === 'function-error' ? (outcome.logTail ?? '') : '';
}
