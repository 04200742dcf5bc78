import type { InternalDeps } from '../../internal/route.js';
import type { VersionConfig } from '../../services/lambda/model.js';
import type { FunctionSummary, LogLine } from '../api-types.js';
import { parseJson, row, rows } from './db.js';

/** How far back a log view reads (then narrows by `q` and `invocation`). */
const SCAN_LINES = 5000;

const REQUEST_LINE = /^(?:START|END|REPORT) RequestId: ([0-9a-f-]{36})/;
/** Node's and Python's default line format: `<time>\t<request id>\t<level>\t<message>`. */
const RUNTIME_LINE = /^\S+\t([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\t/;

export interface LogQuery {
  q?: string;
  invocation?: string;
  limit: number;
}

/**
 * A function's log output (its log group in CloudWatch Logs), oldest first, the newest `limit`
 * lines that match. A line belongs to the invocation whose START it follows in its stream (Lambda
 * writes START, the function's lines, END and REPORT per request on one stream).
 */
export function functionLogs(deps: InternalDeps, fn: FunctionSummary, query: LogQuery): LogLine[] {
  deps.ports.logs?.flushFunctionLogs?.();
  const db = deps.store.db;
  const group = row<{ id: number }>(
    db,
    'SELECT id FROM logs_groups WHERE account_id = ? AND region = ? AND name = ?',
    fn.accountId,
    fn.region,
    logGroupOf(deps, fn),
  );
  if (!group) return [];
  const found = rows<{ timestamp: number; message: string; stream: string }>(
    db,
    `SELECT e.timestamp, e.message, s.name AS stream FROM logs_events e JOIN logs_streams s ON s.id = e.stream_id
      WHERE e.group_id = ? ORDER BY e.id DESC LIMIT ?`,
    group.id,
    SCAN_LINES,
  ).reverse();
  const current = new Map<string, string | undefined>();
  const lines: LogLine[] = [];
  const needle = query.q?.toLowerCase();
  for (const e of found) {
    const marker = REQUEST_LINE.exec(e.message);
    if (e.message.startsWith('START ') && marker) current.set(e.stream, marker[1]);
    const invocationId = marker?.[1] ?? RUNTIME_LINE.exec(e.message)?.[1] ?? current.get(e.stream);
    if (e.message.startsWith('REPORT ') && marker) current.delete(e.stream);
    if (query.invocation && invocationId !== query.invocation) continue;
    if (needle && !e.message.toLowerCase().includes(needle)) continue;
    const line: LogLine = { time: e.timestamp, message: e.message, logStream: e.stream };
    if (invocationId) line.invocationId = invocationId;
    lines.push(line);
  }
  return lines.slice(-query.limit);
}

/** `LoggingConfig.LogGroup`, or Lambda's default `/aws/lambda/<name>`. */
function logGroupOf(deps: InternalDeps, fn: FunctionSummary): string {
  const config = row<{ config: string }>(
    deps.store.db,
    "SELECT config FROM lambda_versions WHERE account_id = ? AND region = ? AND name = ? AND version = '$LATEST'",
    fn.accountId,
    fn.region,
    fn.name,
  );
  const group = parseJson<Partial<VersionConfig>>(config?.config, {}).LoggingConfig?.LogGroup;
  return typeof group === 'string' && group !== '' ? group : `/aws/lambda/${fn.name}`;
}
