/**
 * Asynchronous invocation: the durable queue behind `InvocationType: Event` and push-async sources,
 * its retries, event age, destinations and DLQ, and the Lambda operations for event invoke config.
 */
import type { AsyncEnqueueRequest, AsyncInvocations, LambdaInternals, ResolvedFunction } from '../services/lambda/internal-api.js';
import type { ServiceDeps } from '../services/deps.js';
import { DeliveryLoop } from './delivery-loop.js';
import { EventDelivery } from './event-delivery.js';
import { EventInvokeConfigs } from './event-invoke-configs.js';
import { AsyncQueueStore } from './queue-store.js';
import { migrateAsyncTables } from './schema.js';
import { formatTraceHeader, newTraceHeader } from '../tracing/trace-header.js';
import { eventInvokeConfigOperations } from './operations/event-invoke-config.js';

export function createAsyncInvocations(deps: ServiceDeps, internals: LambdaInternals): AsyncInvocations {
  migrateAsyncTables(deps.store);
  const db = deps.store.db;
  const queue = new AsyncQueueStore(db);
  const configs = new EventInvokeConfigs(db);

  let loop: DeliveryLoop;
  const delivery = new EventDelivery(deps, queue, configs, () => loop.active);
  loop = new DeliveryLoop(
    queue,
    deps.clock,
    deps.logger,
    (event) => {
      const cap = deps.config.maxConcurrencyPerFunction;
      const reserved = deps.gateway.resolve(event.functionArn, { accountId: event.accountId, region: event.region })?.reservedConcurrency;
      return reserved !== undefined && reserved > 0 ? Math.min(reserved, cap) : cap;
    },
    async (event) => {
      await delivery.deliver(event);
    },
  );

  return {
    name: 'async-invocations',
    operations: eventInvokeConfigOperations({ deps, internals, configs }),

    enqueue(fn: ResolvedFunction, request: AsyncEnqueueRequest): void {
      const now = deps.clock.now();
      queue.insert({
        requestId: request.requestId,
        accountId: fn.accountId,
        region: fn.region,
        functionArn: fn.qualifiedArn,
        payload: request.payload,
        // One trace for the event, shared by all its attempts.
        traceHeader: request.traceHeader ?? formatTraceHeader(newTraceHeader(now)),
        source: request.source,
        causeIds: request.causeIds,
        enqueuedAt: now,
        dueAt: now,
      });
      if (deps.observations.wants('event.accepted')) {
        deps.observations.emit({
          type: 'event.accepted',
          ids: { ...request.causeIds, invocationId: request.requestId, functionArn: fn.unqualifiedArn },
          functionArn: fn.qualifiedArn,
          source: request.source ?? 'lambda:invoke',
        });
      }
      loop.wake(fn.qualifiedArn);
    },

    start() {
      const depth = queue.depth();
      if (depth > 0) deps.logger.info(`async invocation queue: ${depth} event(s) waiting from before the restart`);
      loop.start();
    },

    stop() {
      loop.stop();
    },

    functionDeleted(unqualifiedArn: string, qualifier?: string) {
      if (qualifier === undefined) {
        configs.deleteAll(unqualifiedArn);
      } else {
        configs.delete(unqualifiedArn, qualifier);
      }
    },

    health() {
      return { queueDepth: queue.depth(), inFlight: loop.inFlightCount };
    },
  };
}
