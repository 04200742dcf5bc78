import { randomUUID } from 'node:crypto';
import type { LambdaPort, SyncInvokeOutcome } from '../../contracts.js';
import { AwsError } from '../../protocols/aws-error.js';
import { parseFunctionRef, type Scope } from './arns.js';
import type { LambdaContext } from './context.js';
import type { FoundFunction } from './functions.js';
import type { AsyncInvocations, InternalInvokeRequest, LambdaInternals } from './internal-api.js';
import { toResolvedFunction } from './resolved.js';

/**
 * How the rest of Tributary reaches functions without HTTP: `LambdaInternals` for the async queue
 * and event source mappings, `LambdaPort` for other services. Both run the Invoke API's code path.
 */
export interface InProcessLambda {
  internals: LambdaInternals & { recursion?: AsyncInvocations['recursion'] };
  port: LambdaPort;
}

export function createInProcessLambda(lambda: LambdaContext): InProcessLambda {
  const { deps, functions, invoker } = lambda;
  const defaultScope = (): Scope => ({ accountId: deps.config.defaultAccountId, region: deps.config.defaultRegion });

  const findByRef = (ref: string, scope: Scope): FoundFunction | undefined => {
    const parsed = parseFunctionRef(ref, scope);
    return parsed && functions.find(parsed, true);
  };

  async function invoke(ref: string, scope: Scope, request: InternalInvokeRequest): Promise<SyncInvokeOutcome> {
    const found = findByRef(ref, scope);
    if (!found) return { kind: 'not-found', message: `Function not found: ${ref}` };
    try {
      const result = await invoker.invoke(found, { requestId: request.requestId, payload: request.payload, traceId: request.traceHeader });
      if (result.outcome === 'error') {
        return { kind: 'function-error', payload: result.payload, executedVersion: result.executedVersion, errorType: result.errorType };
      }
      return { kind: 'success', payload: result.payload, executedVersion: result.executedVersion };
    } catch (err) {
      // A throttle, or a function still being created: both are "try again later" to a poller or queue.
      if (err instanceof AwsError && (err.code === 'TooManyRequestsException' || err.code === 'ResourceConflictException')) {
        return { kind: 'throttled', message: err.message };
      }
      throw err;
    }
  }

  const internals: InProcessLambda['internals'] = {
    resolve(functionRef, scope) {
      const found = findByRef(functionRef, scope);
      return found && toResolvedFunction(found);
    },
    invoke: (fn, request) => invoke(fn.qualifiedArn, { accountId: fn.accountId, region: fn.region }, request),
  };

  const port: LambdaPort = {
    async invokeAsync(request) {
      const found = findByRef(request.functionArn, defaultScope());
      if (!found) throw new AwsError('ResourceNotFoundException', `Function not found: ${request.functionArn}`, 404);
      const queue = lambda.asyncInvocations();
      if (!queue) throw new AwsError('ServiceException', 'Asynchronous invocation is not available: the async invocation queue is not wired in.', 500);
      const requestId = randomUUID();
      queue.enqueue(toResolvedFunction(found), { requestId, payload: request.payload, traceHeader: request.traceHeader, source: request.source });
      return { requestId };
    },
    async invokeSync(request) {
      const found = findByRef(request.functionArn, defaultScope());
      if (!found) return { kind: 'not-found', message: `Function not found: ${request.functionArn}` };
      let traceHeader = request.traceHeader;
      const admission = lambda.asyncInvocations()?.recursion.admit(toResolvedFunction(found), traceHeader);
      if (admission && !admission.allowed) return { kind: 'recursion-stopped' };
      if (admission) traceHeader = admission.traceHeader;
      return invoke(request.functionArn, defaultScope(), { requestId: randomUUID(), payload: request.payload, traceHeader });
    },
    functionExists: (arn) => findByRef(arn, defaultScope()) !== undefined,
  };

  return { internals, port };
}
