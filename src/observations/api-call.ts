import type { ServerResponse } from 'node:http';
import type { RequestContext } from '../server/request-context.js';
import type { Observations } from './bus.js';

/**
 * Emits `api.call` once the response to an AWS API request has been sent. Asks `wants` first, so
 * with nobody watching a request costs one map lookup.
 */
export function observeApiCall(observations: Observations, res: ServerResponse, service: string, ctx: RequestContext): void {
  if (!observations.wants('api.call')) return;
  const startedAt = performance.now();
  res.once('finish', () => {
    observations.emit({
      type: 'api.call',
      ids: { requestId: ctx.requestId },
      service,
      operation: ctx.operation ?? 'unknown',
      status: res.statusCode,
      durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
      errorCode: ctx.errorCode,
      accountId: ctx.accountId,
      region: ctx.region,
    });
  });
}
