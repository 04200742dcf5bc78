import { existingGroup, type LogsOperation } from '../context.js';
import { compileFilterPattern } from '../filter-patterns/index.js';
import { parsePositionDigits, positionDigits, type EventPosition } from '../positions.js';
import { groupNameOrIdentifier, integer, invalidParameter, text } from '../validation.js';

const SCAN_CHUNK = 1000;
/** Events examined per call at most; past that the call returns what it found and a nextToken, as AWS does. */
const MAX_SCANNED = 100_000;

/** Events of a log group across its streams, oldest first, that match a filter pattern. */
export const filterLogEvents: LogsOperation = async (env, input, ctx) => {
  const name = groupNameOrIdentifier(input);
  const names = input.logStreamNames === undefined ? undefined : new Set(input.logStreamNames as string[]);
  const prefix = text(input, 'logStreamNamePrefix');
  if (names && prefix !== undefined) throw invalidParameter('Cannot specify both logStreamNames and logStreamNamePrefix.');
  const limit = integer(input, 'limit') ?? 10000;
  const startTime = integer(input, 'startTime');
  const endTime = integer(input, 'endTime');
  const matches = compileFilterPattern(text(input, 'filterPattern'));
  const token = text(input, 'nextToken');
  let position: EventPosition = { timestamp: -1, id: 0 };
  if (token !== undefined) {
    const parsed = parsePositionDigits(token);
    if (!parsed) throw invalidParameter('The specified nextToken is invalid.');
    position = parsed;
  }
  env.writer.flush();
  const group = existingGroup(env, ctx, name);
  const wanted = (stream: string) => (names ? names.has(stream) : prefix === undefined || stream.startsWith(prefix));
  // FilterLogEvents' endTime is inclusive.
  const range = { start: startTime, end: endTime === undefined ? undefined : endTime + 1 };

  const events: Record<string, unknown>[] = [];
  let scanned = 0;
  let more = false;
  scan: for (;;) {
    const rows = env.store.groupEventsAfter(group, position, range, SCAN_CHUNK);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      position = row;
      scanned++;
      if (!wanted(row.stream_name) || !matches(row.message)) continue;
      events.push({
        logStreamName: row.stream_name,
        timestamp: row.timestamp,
        message: row.message,
        ingestionTime: row.ingestion_time,
        eventId: positionDigits(row),
      });
      if (events.length === limit) {
        more = i < rows.length - 1 || rows.length === SCAN_CHUNK;
        break scan;
      }
    }
    if (rows.length < SCAN_CHUNK) break;
    if (scanned >= MAX_SCANNED) {
      more = true;
      break;
    }
  }
  const out: Record<string, unknown> = { events, searchedLogStreams: [] };
  if (more) out.nextToken = positionDigits(position);
  return out;
};
