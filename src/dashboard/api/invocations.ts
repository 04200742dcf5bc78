import type { ObservationHistory } from '../../observations/history.js';
import type { Observation } from '../../observations/types.js';
import type { FunctionStats, InvocationSummary } from '../api-types.js';

const INVOCATION_TYPES = ['invocation.started', 'invocation.finished'] as const;

/**
 * The invocations the history kept, joined from `invocation.started` and `invocation.finished`
 * by Lambda request id, oldest first; `functionArn` (unqualified) narrows them to one function.
 * An invocation stopped before it started (throttled, not invocable) has only its finish.
 */
export function keptInvocations(history: ObservationHistory, functionArn?: string, replayable: (id: string) => boolean = () => false): InvocationSummary[] {
  const byId = new Map<string, InvocationSummary>();
  for (const o of history.query({ types: INVOCATION_TYPES }) as Observation<'invocation.started' | 'invocation.finished'>[]) {
    const id = o.ids.invocationId;
    if (!id || (functionArn !== undefined && o.ids.functionArn !== functionArn)) continue;
    let summary = byId.get(id);
    if (!summary || (o.type === 'invocation.started' && summary.outcome !== undefined)) {
      // A retry with the same request id (an async event's next attempt) is a new row.
      if (summary) byId.delete(id);
      summary = newSummary(o, id);
      byId.set(id, summary);
    }
    if (o.type === 'invocation.finished') {
      summary.outcome = o.outcome;
      summary.durationMs = o.durationMs;
      if (o.errorType) summary.errorType = o.errorType;
      if (o.coldStart !== undefined) summary.coldStart = o.coldStart;
    }
  }
  return [...byId.values()].map((s) => ({ ...s, replayable: replayable(s.invocationId) }));
}

function newSummary(o: Observation<'invocation.started' | 'invocation.finished'>, id: string): InvocationSummary {
  const s: InvocationSummary = { invocationId: id, source: o.source, qualifiedArn: o.qualifiedArn, startedAt: o.time, replayable: false };
  if (o.type === 'invocation.finished') s.startedAt = o.time - o.durationMs;
  if (o.ids.requestId) s.requestId = o.ids.requestId;
  if (o.ids.batchId) s.batchId = o.ids.batchId;
  if (o.ids.mappingUuid) s.mappingUuid = o.ids.mappingUuid;
  if (o.ids.sourceArn) s.sourceArn = o.ids.sourceArn;
  if (o.ids.attempt !== undefined) s.attempt = o.ids.attempt;
  return s;
}

/** Stats over the finished invocations of one function. */
export function statsOf(invocations: readonly InvocationSummary[]): FunctionStats {
  const durations: number[] = [];
  const stats: FunctionStats = { invocations: 0, errors: 0, throttles: 0, coldStarts: 0 };
  for (const i of invocations) {
    if (i.outcome === undefined) continue;
    stats.invocations++;
    if (i.outcome === 'throttled') stats.throttles++;
    else if (i.outcome !== 'success') stats.errors++;
    if (i.coldStart) stats.coldStarts++;
    if (i.outcome === 'success' || i.outcome === 'function-error') durations.push(i.durationMs ?? 0);
    if (stats.lastInvokedAt === undefined || i.startedAt > stats.lastInvokedAt) stats.lastInvokedAt = i.startedAt;
  }
  if (durations.length > 0) {
    durations.sort((a, b) => a - b);
    stats.p50Ms = percentile(durations, 50);
    stats.p90Ms = percentile(durations, 90);
    stats.p99Ms = percentile(durations, 99);
  }
  return stats;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Stats of every function that has kept invocations, by unqualified ARN (one pass over the history). */
export function statsByFunction(history: ObservationHistory): Map<string, FunctionStats> {
  const grouped = new Map<string, InvocationSummary[]>();
  for (const o of history.query({ types: ['invocation.finished'] }) as Observation<'invocation.finished'>[]) {
    const arn = o.ids.functionArn;
    if (!arn || !o.ids.invocationId) continue;
    let list = grouped.get(arn);
    if (!list) grouped.set(arn, (list = []));
    list.push({ ...newSummary(o, o.ids.invocationId), outcome: o.outcome, durationMs: o.durationMs, coldStart: o.coldStart });
  }
  return new Map([...grouped].map(([arn, list]) => [arn, statsOf(list)]));
}
