import type { CorrelationIds } from '../observations/types.js';
import { PreparedStatements } from '../store/prepared-statements.js';

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
  /** Ids of the event's cause (the S3 request, ...), as the source handed them over. */
  causeIds?: CorrelationIds;
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
  cause_ids: string | null;
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
    causeIds: row.cause_ids ? (JSON.parse(row.cause_ids) as CorrelationIds) : undefined,
    enqueuedAt: row.enqueued_at,
    dueAt: row.due_at,
    functionErrors: row.function_errors,
    invokeCount: row.invoke_count,
    requeues: row.requeues,
    lastResponse: row.last_response ? (JSON.parse(row.last_response) as LastResponse) : undefined,
  };
}

/**
 * The durable queue table. Every write commits before it returns (WAL), so it survives kill -9.
 * `in_flight` marks events handed to a delivery; it is cleared when the queue starts again.
 * Statements are prepared once per SQL text: the delivery loop runs these for every event.
 */
export class AsyncQueueStore extends PreparedStatements {
  insert(event: Omit<QueuedEvent, 'seq' | 'functionErrors' | 'invokeCount' | 'requeues' | 'lastResponse'>): number {
    const result = this.sql(
      `INSERT INTO lambda_async_events (request_id, account_id, region, function_arn, payload, trace_header, source, cause_ids, enqueued_at, due_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.requestId,
      event.accountId,
      event.region,
      event.functionArn,
      event.payload,
      event.traceHeader ?? null,
      event.source ?? null,
      event.causeIds ? JSON.stringify(event.causeIds) : null,
      event.enqueuedAt,
      event.dueAt,
    );
    return Number(result.lastInsertRowid);
  }

  /**
   * Events due by `now` and not being delivered, oldest due first, leaving out the functions that
   * cannot take more deliveries right now (no payloads: only what picking needs).
   */
  due(now: number, limit: number, skipFunctions: readonly string[]): DueEvent[] {
    const skip = skipFunctions.length ? ` AND function_arn NOT IN (${skipFunctions.map(() => '?').join(', ')})` : '';
    const rows = this.sql(
      `SELECT seq, account_id, region, function_arn FROM lambda_async_events
       WHERE in_flight = 0 AND due_at <= ?${skip} ORDER BY due_at, seq LIMIT ?`,
    ).all(now, ...skipFunctions, limit) as Pick<Row, 'seq' | 'account_id' | 'region' | 'function_arn'>[];
    return rows.map((r) => ({ seq: r.seq, accountId: r.account_id, region: r.region, functionArn: r.function_arn }));
  }

  /** Marks an event as being delivered and loads it; `releaseAll` undoes this after a restart. */
  claim(seq: number): QueuedEvent | undefined {
    const row = this.sql('UPDATE lambda_async_events SET in_flight = 1 WHERE seq = ? AND in_flight = 0 RETURNING *').get(seq) as Row | undefined;
    return row && fromRow(row);
  }

  /** Deliveries cut short by a stop or a crash are owed again. */
  releaseAll(): void {
    this.sql('UPDATE lambda_async_events SET in_flight = 0 WHERE in_flight = 1').run();
  }

  /** The earliest due time after `now` among events not being delivered, if any. */
  nextDueAfter(now: number): number | undefined {
    const row = this.sql('SELECT due_at FROM lambda_async_events WHERE in_flight = 0 AND due_at > ? ORDER BY due_at, seq LIMIT 1').get(now) as
      | { due_at: number }
      | undefined;
    return row?.due_at;
  }

  reschedule(event: QueuedEvent): void {
    this.sql(
      `UPDATE lambda_async_events SET due_at = ?, function_errors = ?, invoke_count = ?, requeues = ?, last_response = ?, in_flight = 0
         WHERE seq = ?`,
    ).run(event.dueAt, event.functionErrors, event.invokeCount, event.requeues, event.lastResponse ? JSON.stringify(event.lastResponse) : null, event.seq);
  }

  remove(seq: number): void {
    this.sql('DELETE FROM lambda_async_events WHERE seq = ?').run(seq);
  }

  depth(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM lambda_async_events').get() as { n: number }).n;
  }
}
