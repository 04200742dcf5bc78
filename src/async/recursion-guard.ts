import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { RecursionAdmission, RecursionGuard, ResolvedFunction } from '../services/lambda/internal-api.js';
import { countInvocation, RECURSION_LIMIT } from '../tracing/lineage.js';
import type { RecursionConfigs } from './recursion-configs.js';

/** Counts each invocation in the event's lineage and stops chains past the limit (§12). */
export function createRecursionGuard(configs: RecursionConfigs, clock: Clock, logger: Logger): RecursionGuard {
  return {
    admit(fn: ResolvedFunction, traceHeader: string | undefined): RecursionAdmission {
      const counted = countInvocation(traceHeader, fn.unqualifiedArn, clock.now());
      if (!counted.exceedsLimit || configs.get(fn.unqualifiedArn) === 'Allow') {
        return { allowed: true, traceHeader: counted.traceHeader, count: counted.count };
      }
      logger.warn(
        `RECURSIVE LOOP DETECTED: ${fn.functionName} was invoked ${RECURSION_LIMIT} times by one chain of requests; ` +
          `stopping invocation ${counted.count} (PutFunctionRecursionConfig RecursiveLoop=Allow lets it continue)`,
      );
      return { allowed: false, traceHeader: counted.traceHeader, count: counted.count };
    },
  };
}
