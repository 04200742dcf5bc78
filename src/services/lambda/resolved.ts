import { functionArn } from './arns.js';
import type { FoundFunction } from './functions.js';
import type { ResolvedFunction } from './internal-api.js';

/** The plain-data view of a function that the async queue and event source mappings hold on to. */
export function toResolvedFunction(found: FoundFunction): ResolvedFunction {
  return {
    accountId: found.scope.accountId,
    region: found.scope.region,
    functionName: found.name,
    unqualifiedArn: functionArn(found.scope, found.name),
    qualifiedArn: functionArn(found.scope, found.name, found.qualifier ?? '$LATEST'),
    version: found.version,
    deadLetterTargetArn: found.config.DeadLetterTargetArn,
    reservedConcurrency: found.fn.reservedConcurrency,
    timeoutSeconds: found.config.Timeout,
  };
}
