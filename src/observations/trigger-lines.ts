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

/** How many S3 events (by request id) and filtered batches are kept for the lines that follow them. */
const REMEMBERED = 512;

/**
 * One concise terminal line per trigger: what caused a function to run and how it went
 * (`order-queue → process-orders: batch of 10 (3 failed, returned)`). A direct synchronous
 * Invoke is not a trigger: its caller sees the answer. Failed attempts of asynchronous events are
 * told by the line of what follows them (a retry, a dead-letter move, a destination).
 */
export class TriggerLines {
  private readonly objectEvents = new Map<string, string>();
  /** Records FilterCriteria dropped, by batch id, until the batch's line is told. */
  private readonly filtered = new Map<string, number>();

  format(o: Observation): string | undefined {
    switch (o.type) {
      case 'object.event':
        if (o.destinations > 0 && o.ids.requestId) remember(this.objectEvents, o.ids.requestId, `${o.bucket} (s3:${o.eventName} ${o.key})`);
        return undefined;
      case 'batch.filtered':
        if (o.ids.batchId === undefined) return `${this.sourceOf(o.ids)} → ${functionName(o.ids)}: ${o.dropped} filtered out`;
        remember(this.filtered, o.ids.batchId, o.dropped);
        return undefined;
      case 'batch.finished': {
        const filtered = o.ids.batchId === undefined ? 0 : (this.filtered.get(o.ids.batchId) ?? 0);
        if (o.ids.batchId !== undefined) this.filtered.delete(o.ids.batchId);
        const route = `${this.sourceOf(o.ids)} → ${functionName(o.ids)}`;
        if (filtered >= o.size) return `${route}: ${o.size} filtered out, not invoked`;
        return `${route}: batch of ${o.size}${batchOutcome(o.outcome, o.failed, o.returned, filtered)}`;
      }
      case 'records.discarded':
        return `${this.sourceOf(o.ids)} → ${functionName(o.ids)}: ${o.size} records discarded (${o.condition})`;
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

function batchOutcome(outcome: InvocationOutcomeKind, failed: number, returned: number, filtered: number): string {
  const dropped = filtered > 0 ? `${filtered} filtered out` : undefined;
  if (outcome === 'success' && failed === 0) return dropped ? ` ok (${dropped})` : ' ok';
  const back = returned === 0 ? '' : returned === failed || failed === 0 ? ', returned' : `, ${returned} returned`;
  const what = outcome === 'success' ? `${failed} failed` : outcomeText(outcome);
  return ` (${dropped ? `${dropped}, ` : ''}${what}${back})`;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
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
