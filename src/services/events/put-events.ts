/**
 * PutEvents: each entry is checked on its own (a bad entry fails, not the call), accepted entries
 * are routed and committed in one transaction before the answer, so each is delivered at least once.
 */
import type { EventsPutResult } from '../../contracts.js';
import { validation, timestampMs, type EventsEnv } from './context.js';
import { buildEnvelope, parseBusArn } from './envelope.js';
import type { Scope } from './store.js';

/** 256 KB, as AWS counts an entry: Time 14 bytes, Source, DetailType, Detail and each Resource in UTF-8. */
const MAX_REQUEST_BYTES = 256 * 1024;

export interface PutEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: unknown;
  EventBusName?: string;
  TraceHeader?: string;
}

export function entrySize(entry: PutEntry): number {
  let size = entry.Time !== undefined ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])])
    if (text !== undefined) size += Buffer.byteLength(text, 'utf8');
  return size;
}

export function putEvents(env: EventsEnv, scope: Scope, entries: readonly PutEntry[]): EventsPutResult[] {
  const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
  if (total > MAX_REQUEST_BYTES) throw validation('Total size of the entries in the request is over the limit.');
  const now = env.clock.now();
  return env.store.transaction(() => entries.map((entry) => putOne(env, scope, entry, now)));
}

function putOne(env: EventsEnv, caller: Scope, entry: PutEntry, now: number): EventsPutResult {
  const invalid = (member: string) => ({
    errorCode: 'InvalidArgument',
    errorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  });
  if (entry.Source === undefined || entry.Source === '') return invalid('Source');
  if (entry.DetailType === undefined || entry.DetailType === '') return invalid('DetailType');
  if (entry.Detail === undefined || entry.Detail === '') return invalid('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  let timeMs = now;
  if (entry.Time !== undefined && entry.Time !== null) {
    const parsed = timestampMs(entry.Time);
    if (parsed === undefined) return { errorCode: 'InvalidArgument', errorMessage: 'Parameter Time is not valid.' };
    timeMs = parsed;
  }
  const target = parseBusArn(entry.EventBusName ?? '');
  const scope = target ? { accountId: target.accountId, region: target.region } : caller;
  const bus = target?.name ?? (entry.EventBusName || 'default');
  if (!env.store.bus(scope, bus)) {
    if (bus !== 'default') return { errorCode: 'ResourceNotFoundException', errorMessage: `Event bus ${bus} does not exist.` };
    env.store.ensureDefaultBus(scope, now);
  }
  const event = buildEnvelope({
    source: entry.Source,
    detailType: entry.DetailType,
    detail,
    resources: entry.Resources,
    account: scope.accountId,
    region: scope.region,
    timeMs,
  });
  env.router.route(scope, bus, event, { traceHeader: entry.TraceHeader });
  return { eventId: event.id };
}
