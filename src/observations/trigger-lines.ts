import { resourceName } from './filter.js';
import type { CorrelationIds, InvocationOutcomeKind, Observation, ObservationType } from './types.js';

/** The kinds a trigger line is made from; the terminal subscribes to these alone. */
export const TRIGGER_LINE_TYPES: readonly ObservationType[] = [
  'object.event',
  'batch.filtered',
  'batch.finished',
  'invocation.finished',
  'retry.scheduled',
  'event.expired',
  'destination.delivered',
  'dlq.moved',
  'loop.stopped',
];

const ASYNC_EVENT = 'async event';

/** S3 events remembered by request id, so the invocations they cause can name the object. */
const REMEMBERED_OBJECT_EVENTS = 512;

/**
 * One concise terminal line per trigger: what caused a function to run and how it went
 * (`order-queue → process-orders: batch of 10 (3 failed, returned)`). A direct synchronous
 * Invoke is not a trigger: its caller sees the answer. Failed attempts of asynchronous events are
 * told by the line of what follows them (a retry, a dead-letter move, a destination).
 */
export class TriggerLines {
  private readonly objectEvents = new Map<string, string>();

  format(o: Observation): string | undefined {
    switch (o.type) {
      case 'object.event':
        if (o.destinations > 0 && o.ids.requestId) this.remember(o.ids.requestId, `${o.bucket} (s3:${o.eventName} ${o.key})`);
        return undefined;
      case 'batch.finished':
        return `${this.sourceOf(o.ids)} → ${functionName(o.ids)}: batch of ${o.size}${batchOutcome(o.outcome, o.failed, o.returned)}`;
      case 'batch.filtered':
        return `${this.sourceOf(o.ids)} → ${functionName(o.ids)}: ${o.dropped} filtered out`;
      case 'invocation.finished': {
        if (o.ids.batchId !== undefined || o.ids.mappingUuid !== undefined) return undefined;
        const queued = o.ids.attempt !== undefined;
        if (!queued && o.source === 'lambda:invoke') return undefined;
        if (queued && o.outcome !== 'success') return undefined;
        const attempt = o.ids.attempt !== undefined && o.ids.attempt > 1 ? ` (attempt ${o.ids.attempt})` : '';
        const outcome = o.outcome === 'function-error' ? `error${o.errorType ? ` ${o.errorType}` : ''}` : outcomeText(o.outcome);
        const cause = this.causeOf(o.ids, o.source);
        const told = `${outcome} ${duration(o.durationMs)}${attempt}`;
        // An event invoked straight into the queue has no source to name: the function received it.
        return cause === ASYNC_EVENT ? `${functionName(o.ids)} ← ${cause}: ${told}` : `${cause} → ${functionName(o.ids)}: ${told}`;
      }
      case 'retry.scheduled': {
        const why = o.reason === 'function error' ? 'error' : o.reason;
        const next = o.usesAttempt ? `retry ${o.ids.attempt ?? '?'} in ${duration(o.delayMs)}` : `trying again in ${duration(o.delayMs)}`;
        return `${functionName(o.ids)} ← ${this.causeOf(o.ids)}: ${why}, ${next}`;
      }
      case 'event.expired':
        return `${functionName(o.ids)} ← ${this.causeOf(o.ids)}: expired (older than ${o.maximumAgeSeconds} s)`;
      case 'destination.delivered': {
        const which = o.condition === 'Success' ? 'on-success' : 'on-failure';
        return `${this.receiverOf(o.ids)} → ${which} ${resourceName(o.destinationArn)}${failure(o.delivered, o.error)}`;
      }
      case 'dlq.moved':
        return `${this.receiverOf(o.ids)} → DLQ ${resourceName(o.targetArn)}${failure(o.delivered, o.error)}`;
      case 'loop.stopped':
        return `${this.causeOf(o.ids)} → ${functionName(o.ids)}: recursive loop stopped (invocation ${o.count})`;
      default:
        return undefined;
    }
  }

  private remember(requestId: string, label: string): void {
    if (this.objectEvents.size >= REMEMBERED_OBJECT_EVENTS) {
      const oldest = this.objectEvents.keys().next().value;
      if (oldest !== undefined) this.objectEvents.delete(oldest);
    }
    this.objectEvents.set(requestId, label);
  }

  /** `photos (s3:ObjectCreated:Put a.jpg)`, `order-queue`, `function URL`, `async event`. */
  private causeOf(ids: CorrelationIds, source?: string): string {
    const object = ids.requestId === undefined ? undefined : this.objectEvents.get(ids.requestId);
    if (object) return object;
    if (ids.sourceArn) return resourceName(ids.sourceArn);
    if (source === 'lambda:url') return 'function URL';
    if (source === undefined || source === 'lambda:invoke') return ASYNC_EVENT;
    return source;
  }

  /** Where a record or event leaves from: the function and its cause, or a queue redriving to its DLQ. */
  private receiverOf(ids: CorrelationIds): string {
    return ids.functionArn ? `${functionName(ids)} ← ${this.causeOf(ids)}` : this.sourceOf(ids);
  }

  private sourceOf(ids: CorrelationIds): string {
    return ids.sourceArn ? resourceName(ids.sourceArn) : 'source';
  }
}

function functionName(ids: CorrelationIds): string {
  return ids.functionArn?.split(':')[6] ?? 'function';
}

function outcomeText(outcome: InvocationOutcomeKind): string {
  switch (outcome) {
    case 'success':
      return 'ok';
    case 'function-error':
      return 'error';
    case 'recursion-stopped':
      return 'recursive loop stopped';
    default:
      return outcome.replace('-', ' ');
  }
}

function batchOutcome(outcome: InvocationOutcomeKind, failed: number, returned: number): string {
  if (outcome === 'success' && failed === 0) return ' ok';
  const back = returned === 0 ? '' : returned === failed || failed === 0 ? ', returned' : `, ${returned} returned`;
  if (outcome === 'success') return ` (${failed} failed${back})`;
  return ` (${outcomeText(outcome)}${back})`;
}

function failure(delivered: boolean, error: string | undefined): string {
  return delivered ? '' : ` failed: ${error ?? 'unknown error'}`;
}

/** `12 ms`, `1.5 s`, `60 s`, `2 min`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}
