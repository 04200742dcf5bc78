import type { Db } from '../store/database.js';

/** What the last attempt returned, kept for the invocation record of an expired event. */
export interface LastResponse {
  statusCode: number;
  executedVersion?: string;
  functionError?: string;
  /** The function's response (or error) body, base64. */
  payload?: string;
}

/** One accepted asynchronous event, waiting for (another) delivery attempt. */
export interface QueuedEvent {
  seq: number;
  requestId: string;
  accountId: string;
  region: string;
  /** Qualified ARN the event was sent to (`:$LATEST`, `:<version>` or `:<alias>`). */
  functionArn: string;
  payload: Buffer;
  traceHeader?: string;
  source?: string;
  enqueuedAt: number;
  dueAt: number;
  /** Attempts that ended in a function error (they use up MaximumRetryAttempts). */
  functionErrors: number;
  /** Every time the function actually ran for this event. */
  invokeCount: number;
  /** Throttle and system-error requeues, for the exponential back-off. */
  requeues: number;
  lastResponse?: LastResponse;
}

/** Enough of a due event to decide whether to start it. */
export type DueEvent = Pick<QueuedEvent, 'seq' | 'accountId' | 'region' | 'functionArn'>;

interface Row {
  seq: number;
  request_id: string;
  account_id: string;
  region: string;
  function_arn: string;
  payload: Buffer;
  trace_header: string | null;
  source: string | null;
  enqueued_at: number;
  due_at: number;
  function_errors: number;
  invoke_count: number;
  requeues: number;
  last_response: string | null;
}

function fromRow(row: Row): QueuedEvent {
  return {
    seq: row.seq,
    requestId: row.request_id,
    accountId: row.account_id,
    region: row.region,
    functionArn: row.function_arn,
    payload: row.payload,
    traceHeader: row.trace_header ?? undefined,
    source: row.source ?? undefined,
    enqueuedAt: row.enqueued_at,
    dueAt: row.due_at,
    functionErrors: row.function_errors,
    invokeCount: row.invoke_count,
    requeues: row.requeues,
    lastResponse: row.last_response ? (JSON.parse(row.last_response) as LastResponse) : undefined,
  };
}

/** The durable queue table. Every write commits before it returns (WAL), so it survives kill -9. */
export class AsyncQueueStore {
  constructor(private readonly db: Db) {}

  insert(event: Omit<QueuedEvent, 'seq' | 'functionErrors' | 'invokeCount' | 'requeues' | 'lastResponse'>): number {
    const result = this.db
      .prepare(
        `INSERT INTO lambda_async_events (request_id, account_id, region, function_arn, payload, trace_header, source, enqueued_at, due_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        event.requestId,
        event.accountId,
        event.region,
        event.functionArn,
        event.payload,
        event.traceHeader ?? null,
        event.source ?? null,
        event.enqueuedAt,
        event.dueAt,
      );
    return Number(result.lastInsertRowid);
  }

  /** Events due by `now`, oldest due first, skipping the ones already being delivered (no payloads). */
  due(now: number, limit: number, exclude: ReadonlySet<number>): DueEvent[] {
    const rows = this.db
      .prepare('SELECT seq, account_id, region, function_arn FROM lambda_async_events WHERE due_at <= ? ORDER BY due_at, seq LIMIT ?')
      .all(now, limit + exclude.size) as Pick<Row, 'seq' | 'account_id' | 'region' | 'function_arn'>[];
    return rows
      .filter((r) => !exclude.has(r.seq))
      .slice(0, limit)
      .map((r) => ({ seq: r.seq, accountId: r.account_id, region: r.region, functionArn: r.function_arn }));
  }

  load(seq: number): QueuedEvent | undefined {
    const row = this.db.prepare('SELECT * FROM lambda_async_events WHERE seq = ?').get(seq) as Row | undefined;
    return row && fromRow(row);
  }

  /** The earliest due time among events not being delivered, if any. */
  nextDueAt(exclude: ReadonlySet<number>): number | undefined {
    const rows = this.db
      .prepare('SELECT seq, due_at FROM lambda_async_events ORDER BY due_at, seq LIMIT ?')
      .all(exclude.size + 1) as { seq: number; due_at: number }[];
    return rows.find((r) => !exclude.has(r.seq))?.due_at;
  }

  reschedule(event: QueuedEvent): void {
    this.db
      .prepare(
        `UPDATE lambda_async_events SET due_at = ?, function_errors = ?, invoke_count = ?, requeues = ?, last_response = ?
         WHERE seq = ?`,
      )
      .run(
        event.dueAt,
        event.functionErrors,
        event.invokeCount,
        event.requeues,
        event.lastResponse ? JSON.stringify(event.lastResponse) : null,
        event.seq,
      );
  }

  remove(seq: number): void {
    this.db.prepare('DELETE FROM lambda_async_events WHERE seq = ?').run(seq);
  }

  depth(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM lambda_async_events').get() as { n: number }).n;
  }
}
