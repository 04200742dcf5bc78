import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { ResolvedFunction } from './types.js';
import { countInvocation, RECURSION_LIMIT } from '../tracing/lineage.js';
import type { RecursionConfigs } from './recursion-configs.js';

export type RecursionAdmission =
  /** Invoke with this header (lineage counted; a new trace when the caller sent none). */
  | { allowed: true; traceHeader: string; count: number }
  /** Blocked: the 17th invocation of one function in one chain of requests. */
  | { allowed: false; traceHeader: string; count: number };

/**
 * Recursive loop detection. The gateway calls `admit` once per invocation with the caller's
 * `X-Amzn-Trace-Id` (or a message's AWSTraceHeader) and runs the function with the returned header.
 */
export interface RecursionGuard {
  admit(fn: ResolvedFunction, traceHeader: string | undefined): RecursionAdmission;
}

/** Counts each invocation in the event's lineage and stops a chain at a function's 17th invocation, as Lambda's recursive loop detection does. */
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
