/**
 * One delivery attempt of one queued event, and what follows from its outcome (AWS's asynchronous invocation rules): success and
 * failure records, DLQ, retry after a function error, requeue after a throttle or system error.
 */
import type { GatewayOutcome, ResolvedFunction } from '../gateway/types.js';
import type { CorrelationIds } from '../observations/types.js';
import type { ServiceDeps } from '../services/deps.js';
import { sendToDeadLetter } from './dead-letter.js';
import { deliverRecord } from './destinations/index.js';
import type { EventInvokeConfigs } from './event-invoke-configs.js';
import { buildInvocationRecord, type RecordCondition } from './invocation-record.js';
import type { AsyncQueueStore, LastResponse, QueuedEvent } from './queue-store.js';
import { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS, functionErrorDelayMs, requeueDelayMs } from './retry-policy.js';

interface Failure {
  condition: RecordCondition;
  /** Why, for the log line and the DLQ `ErrorMessage`. */
  reason: string;
  /** DLQ `ErrorCode`. */
  errorCode: string;
}

export class EventDelivery {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly queue: AsyncQueueStore,
    private readonly configs: EventInvokeConfigs,
    /** False once Tributary is stopping: nothing more is written, the event stays queued. */
    private readonly active: () => boolean,
  ) {}

  async deliver(event: QueuedEvent): Promise<void> {
    const { logger, clock } = this.deps;
    const fn = this.deps.gateway.resolve(event.functionArn, { accountId: event.accountId, region: event.region });
    if (!fn) {
      logger.warn(`async event ${event.requestId} dropped: function ${event.functionArn} no longer exists`);
      this.queue.remove(event.seq);
      return;
    }
    const config = this.configs.get(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn));
    const maxRetries = config?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
    const maxAgeSeconds = config?.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS;

    if (clock.now() - event.enqueuedAt >= maxAgeSeconds * 1000) {
      this.deps.observations.emit({ type: 'event.expired', ids: this.ids(fn, event), maximumAgeSeconds: maxAgeSeconds });
      return this.fail(fn, event, {
        condition: 'EventAgeExceeded',
        reason: `event age exceeded ${maxAgeSeconds} seconds`,
        errorCode: String(event.lastResponse?.statusCode ?? 429),
      });
    }
    if (fn.reservedConcurrency === 0) {
      // Reserved concurrency 0 throttles every invoke: AWS sends the event on without retrying.
      event.invokeCount += 1;
      event.lastResponse = { statusCode: 429 };
      return this.fail(fn, event, { condition: 'RetriesExhausted', reason: 'Rate Exceeded. (reserved concurrency is 0)', errorCode: '429' });
    }

    const outcome: GatewayOutcome = await this.deps.gateway.invoke({
      function: fn,
      requestId: event.requestId,
      payload: event.payload,
      traceHeader: event.traceHeader,
      cause: { source: event.source ?? 'lambda:invoke', ids: { ...event.causeIds, attempt: event.invokeCount + 1 } },
    });
    if (!this.active()) return;

    switch (outcome.kind) {
      case 'success': {
        event.invokeCount += 1;
        await this.succeed(fn, event, outcome.payload, outcome.executedVersion);
        return;
      }
      case 'function-error': {
        event.invokeCount += 1;
        event.functionErrors += 1;
        event.lastResponse = {
          statusCode: 200,
          executedVersion: outcome.executedVersion,
          functionError: 'Unhandled',
          payload: outcome.payload.toString('base64'),
        };
        if (event.functionErrors > maxRetries) {
          return this.fail(fn, event, { condition: 'RetriesExhausted', reason: errorMessageOf(outcome.payload), errorCode: '200' });
        }
        const delayMs = functionErrorDelayMs(event.functionErrors, this.deps.config.asyncRetryDelayScale);
        event.dueAt = clock.now() + delayMs;
        this.deps.observations.emit({ type: 'retry.scheduled', ids: this.ids(fn, event), reason: 'function error', delayMs, usesAttempt: true });
        this.queue.reschedule(event);
        return;
      }
      case 'throttled':
      case 'not-invocable':
        return this.requeue(fn, event, { statusCode: 429 }, outcome.kind === 'throttled' ? 'throttled' : outcome.error.message);
      case 'system-error':
        logger.warn(`async event ${event.requestId} for ${fn.functionName}: system error (${outcome.error.message}), requeued`);
        return this.requeue(fn, event, { statusCode: 500 }, `system error: ${outcome.error.message}`);
      case 'recursion-stopped':
        return this.fail(fn, event, {
          condition: 'RetriesExhausted',
          reason: 'RecursiveInvocationException: recursive loop detected, invocation stopped',
          errorCode: '400',
        });
      case 'not-found':
        logger.warn(`async event ${event.requestId} dropped: ${outcome.message}`);
        this.queue.remove(event.seq);
        return;
    }
  }

  /** The ids every observation of this event carries. */
  private ids(fn: ResolvedFunction, event: QueuedEvent): CorrelationIds {
    return { ...event.causeIds, invocationId: event.requestId, functionArn: fn.unqualifiedArn, attempt: event.invokeCount };
  }

  /** Throttles and system errors do not use up retries; back off and try again until the event is too old. */
  private requeue(fn: ResolvedFunction, event: QueuedEvent, response: LastResponse, reason: string): void {
    event.lastResponse = event.invokeCount > 0 && event.lastResponse ? event.lastResponse : response;
    const delayMs = requeueDelayMs(event.requeues, this.deps.config.asyncRetryDelayScale);
    event.dueAt = this.deps.clock.now() + delayMs;
    event.requeues += 1;
    this.deps.observations.emit({ type: 'retry.scheduled', ids: this.ids(fn, event), reason, delayMs, usesAttempt: false });
    this.queue.reschedule(event);
  }

  private async succeed(fn: ResolvedFunction, event: QueuedEvent, payload: Buffer, executedVersion: string): Promise<void> {
    if (!this.active()) return;
    const config = this.configs.get(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn));
    if (config?.onSuccess) {
      const record = buildInvocationRecord({
        nowMs: this.deps.clock.now(),
        requestId: event.requestId,
        functionArn: fn.qualifiedArn,
        condition: 'Success',
        invokeCount: event.invokeCount,
        requestPayload: event.payload,
        statusCode: 200,
        executedVersion,
        responsePayload: payload,
      });
      await deliverRecord(config.onSuccess, record, this.destinationContext(fn, event), this.deps);
    }
    if (this.active()) this.queue.remove(event.seq);
  }

  private async fail(fn: ResolvedFunction, event: QueuedEvent, failure: Failure): Promise<void> {
    if (!this.active()) return;
    const { logger, clock } = this.deps;
    const config = this.configs.get(fn.unqualifiedArn, qualifierOf(fn.qualifiedArn));
    const targets = [
      config?.onFailure && `on-failure destination ${config.onFailure}`,
      fn.deadLetterTargetArn && `dead-letter queue ${fn.deadLetterTargetArn}`,
    ].filter(Boolean);
    logger.warn(
      `async event ${event.requestId} for ${fn.functionName} failed (${failure.condition}, ${event.invokeCount} attempt(s)): ${failure.reason}; ` +
        (targets.length ? `sent to ${targets.join(' and ')}` : 'no destination or DLQ configured, the event is dropped'),
    );
    if (config?.onFailure) {
      const last = event.lastResponse;
      const record = buildInvocationRecord({
        nowMs: clock.now(),
        requestId: event.requestId,
        functionArn: fn.qualifiedArn,
        condition: failure.condition,
        invokeCount: event.invokeCount,
        requestPayload: event.payload,
        statusCode: last?.statusCode ?? 429,
        executedVersion: last?.executedVersion,
        functionError: last?.functionError,
        responsePayload: last?.payload === undefined ? undefined : Buffer.from(last.payload, 'base64'),
      });
      await deliverRecord(config.onFailure, record, this.destinationContext(fn, event), this.deps);
    }
    if (fn.deadLetterTargetArn) {
      await sendToDeadLetter(
        {
          targetArn: fn.deadLetterTargetArn,
          requestId: event.requestId,
          payload: event.payload,
          errorCode: failure.errorCode,
          errorMessage: failure.reason,
          traceHeader: event.traceHeader,
          ids: this.ids(fn, event),
        },
        this.deps,
      );
    }
    if (this.active()) this.queue.remove(event.seq);
  }

  private destinationContext(fn: ResolvedFunction, event: QueuedEvent) {
    return { nowMs: this.deps.clock.now(), traceHeader: event.traceHeader, functionName: fn.functionName, ids: this.ids(fn, event) };
  }
}

export function qualifierOf(qualifiedArn: string): string {
  return qualifiedArn.split(':')[7] ?? '$LATEST';
}

function errorMessageOf(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the body itself is the message
  }
  return payload.toString('utf8');
}
