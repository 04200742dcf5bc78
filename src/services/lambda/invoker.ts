import { AwsError } from '../../protocols/aws-error.js';
import { ThrottledError, type InvokeResult } from '../../engine/types.js';
import type { ServiceDeps } from '../deps.js';
import { functionArn } from './arns.js';
import type { FoundFunction, LambdaFunctions } from './functions.js';

export interface SyncInvocation {
  requestId: string;
  payload: Buffer;
  clientContext?: string;
  tenantId?: string;
  traceId?: string;
  tail?: boolean;
}

export interface SyncResult extends InvokeResult {
  executedVersion: string;
}

/** AWS's 429 for a function at its concurrency limit. */
export function throttled(reason: string): AwsError {
  return new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, { Reason: reason });
}

/**
 * The one synchronous invoke path, shared by the Invoke API, the async queue and event source
 * mappings: state check, reserved concurrency, then the engine. Throttles throw `throttled()`.
 */
export class Invoker {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly functions: LambdaFunctions,
  ) {}

  async invoke(found: FoundFunction, request: SyncInvocation): Promise<SyncResult> {
    this.functions.assertInvocable(found);
    if (found.fn.reservedConcurrency === 0) throw throttled('ReservedFunctionConcurrentInvocationLimitExceeded');
    const spec = this.functions.spec(found);
    try {
      const result = await this.deps.engine.invoke(spec, {
        requestId: request.requestId,
        payload: request.payload,
        invokedFunctionArn: functionArn(found.scope, found.name, found.qualifier),
        clientContext: request.clientContext,
        tenantId: request.tenantId,
        traceId: request.traceId,
        tail: request.tail,
      });
      return { ...result, executedVersion: found.version };
    } catch (err) {
      if (err instanceof ThrottledError) throw throttled(err.reason);
      throw err;
    }
  }
}
