import { randomUUID } from 'node:crypto';
import type { LambdaPort } from '../../contracts.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { Scope } from './arns.js';
import type { LambdaContext } from './context.js';
import type { LambdaInternals } from './internal-api.js';
import { servicePrincipalMayInvoke } from './service-principals.js';

/**
 * How the rest of Tributary reaches functions without HTTP: `LambdaInternals` for the async queue
 * and event source mappings, `LambdaPort` for other services. Running a function is the gateway's.
 */
export interface InProcessLambda {
  internals: LambdaInternals;
  port: LambdaPort;
}

export function createInProcessLambda(lambda: LambdaContext): InProcessLambda {
  const { deps } = lambda;
  const defaultScope = (): Scope => ({ accountId: deps.config.defaultAccountId, region: deps.config.defaultRegion });

  const internals: LambdaInternals = {
    resolve: (functionRef, scope) => deps.gateway.resolve(functionRef, scope),
  };

  const port: LambdaPort = {
    async invokeAsync(request) {
      const fn = deps.gateway.resolve(request.functionArn, defaultScope());
      if (!fn) throw new AwsError('ResourceNotFoundException', `Function not found: ${request.functionArn}`, 404);
      const queue = lambda.asyncInvocations();
      if (!queue) throw new AwsError('ServiceException', 'Asynchronous invocation is not available: the async invocation queue is not wired in.', 500);
      const requestId = randomUUID();
      queue.enqueue(fn, { requestId, payload: request.payload, traceHeader: request.traceHeader, source: request.source, causeIds: request.causeIds });
      return { requestId };
    },
    functionExists: (arn) => deps.gateway.resolve(arn, defaultScope()) !== undefined,
    servicePrincipalMayInvoke(arn, question) {
      const fn = deps.gateway.resolve(arn, defaultScope());
      if (!fn) return undefined;
      const qualifier = fn.qualifiedArn.slice(fn.unqualifiedArn.length + 1);
      const ref = { accountId: fn.accountId, region: fn.region, name: fn.functionName, qualifier: arn === fn.unqualifiedArn ? undefined : qualifier };
      return servicePrincipalMayInvoke(lambda.store, ref, question);
    },
  };

  return { internals, port };
}
