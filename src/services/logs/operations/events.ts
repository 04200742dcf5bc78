import { existingGroup, existingStream, type LogsOperation } from '../context.js';
import { parsePositionDigits, positionDigits, type EventPosition } from '../positions.js';
import type { EventRow, NewEvent } from '../store.js';
import { flag, groupNameOrIdentifier, integer, invalidParameter, text } from '../validation.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const START: EventPosition = { timestamp: -1, id: 0 };
const END: EventPosition = { timestamp: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

export const putLogEvents: LogsOperation = async (env, input, ctx) => {
  const group = existingGroup(env, ctx, input.logGroupName as string);
  const stream = existingStream(env, group, input.logStreamName as string);
  const events = input.logEvents as NewEvent[];
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
  }
  if (events.length > 0 && events[events.length - 1]!.timestamp - events[0]!.timestamp > DAY_MS) {
    throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }
  const now = env.clock.now();
  // Events older than 14 days (or the group's retention) or more than 2 hours ahead are rejected, not stored.
  const oldest = now - Math.min(14, group.retention_days ?? 14) * DAY_MS;
  const newest = now + 2 * HOUR_MS;
  let tooOldEnd = -1;
  let tooNewStart = -1;
  events.forEach((e, i) => {
    if (e.timestamp < oldest) tooOldEnd = i + 1;
    if (e.timestamp > newest && tooNewStart === -1) tooNewStart = i;
  });
  const accepted = events.slice(Math.max(0, tooOldEnd), tooNewStart === -1 ? events.length : tooNewStart);
  env.store.transaction(() => env.store.appendEvents(group.id, stream.id, accepted, now));
  const out: Record<string, unknown> = { nextSequenceToken: String(now).padStart(56, '4') };
  if (tooOldEnd !== -1 || tooNewStart !== -1) {
    const rejected: Record<string, number> = {};
    if (tooOldEnd !== -1) rejected.tooOldLogEventEndIndex = tooOldEnd;
    if (tooNewStart !== -1) rejected.tooNewLogEventStartIndex = tooNewStart;
    out.rejectedLogEventsInfo = rejected;
  }
  return out;
};

/**
 * One page of a stream. Without a token it is the oldest events (`startFromHead`) or the newest;
 * `f/` tokens read forward, `b/` backward, and at either end the token comes back unchanged.
 */
export const getLogEvents: LogsOperation = async (env, input, ctx) => {
  const groupNameValue = groupNameOrIdentifier(input);
  const name = input.logStreamName as string;
  const limit = integer(input, 'limit') ?? 10000;
  const range = { start: integer(input, 'startTime'), end: integer(input, 'endTime') };
  const startFromHead = flag(input, 'startFromHead') ?? false;
  const token = text(input, 'nextToken');
  const parsed = token === undefined ? undefined : parseToken(token);
  env.writer.flush();
  const stream = existingStream(env, existingGroup(env, ctx, groupNameValue), name);

  const forward = parsed ? parsed.direction === 'f' : startFromHead;
  let rows: EventRow[];
  let anchor: EventPosition;
  if (forward) {
    anchor = parsed?.position ?? START;
    rows = env.store.streamEventsAfter(stream.id, anchor, range, limit);
  } else {
    anchor = parsed?.position ?? END;
    rows = env.store.streamEventsBefore(stream.id, anchor, range, limit).reverse();
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    events: rows.map((r) => ({ timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestion_time })),
    nextForwardToken: last ? `f/${positionDigits(last)}` : forward && token ? token : `f/${positionDigits(anchor)}`,
    nextBackwardToken: first ? `b/${positionDigits(first)}` : !forward && token ? token : `b/${positionDigits(anchor)}`,
  };
};

function parseToken(token: string): { direction: 'f' | 'b'; position: EventPosition } {
  const direction = token.slice(0, 2) === 'f/' ? 'f' : token.slice(0, 2) === 'b/' ? 'b' : undefined;
  const position = direction ? parsePositionDigits(token.slice(2)) : undefined;
  if (!direction || !position) throw invalidParameter('The specified nextToken is invalid.');
  return { direction, position };
}
