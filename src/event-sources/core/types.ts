/**
 * The pieces a source brings to the shared event-source core. The core owns the loop (slots,
 * scaling, backoff, warnings, stop), gathering (batch size, batching window, 6 MB) and invoking
 * through the function gateway; a source owns reading (`SourcePoller`) and acknowledging
 * (`Acknowledger`: SQS deletes or returns messages, a stream checkpoints its shard).
 *
 * A stream source (ordered shards, one batch in flight per shard) runs one `BatchRunner` per shard
 * (or per shard and ParallelizationFactor lane) with `fixedSlots` set: its poller reads that lane
 * only, and with one slot the acknowledger settles the lane's batches in order.
 */
import type { GatewayOutcome } from '../../gateway/types.js';
import type { CorrelationIds } from '../../observations/types.js';

/** One record as the core carries it. */
export interface SourceRecord {
  /** The id observations and partial batch responses name it by (SQS message id, sequence number). */
  readonly id: string;
  /** The record serialized as it goes into the payload. */
  readonly json: string;
  /** When it was received (clock ms). */
  readonly receivedAt: number;
}

/** Reads records from the source. */
export interface SourcePoller<R extends SourceRecord> {
  /**
   * Up to `max` records, waiting up to `waitMs` of the injected clock for the first (an empty
   * answer when that passes); rejects once `signal` aborts, or when the source fails.
   */
  receive(max: number, waitMs: number, signal: AbortSignal): Promise<R[]>;
  /** Gives back records that were received but will not be sent (the runner is stopping). */
  release(records: readonly R[]): Promise<void>;
}

/** What became of a batch's records after its invocation. */
export interface BatchSettlement {
  /** Records the function failed (all of them on a function error, the reported ones on a partial response). */
  failed: number;
  /** Records given back to the source to be delivered again. */
  returned: number;
}

/** Acknowledges to the source (delete, return, checkpoint) once a batch's outcome is known. */
export interface Acknowledger<R extends SourceRecord> {
  /** Records the mapping's FilterCriteria rejected: acknowledged without invoking. */
  dropFiltered(records: readonly R[]): Promise<void>;
  /**
   * Applies the outcome; `undefined` when the function could not be found. `ids` are the batch's
   * correlation ids (a stream source retries inside `settle` and observes each try under them).
   */
  settle(records: readonly R[], outcome: GatewayOutcome | undefined, ids?: CorrelationIds): Promise<BatchSettlement>;
}

/** How a source's records become one invocation. */
export interface BatchInvocation<R extends SourceRecord> {
  /** `source` of the gateway cause (`aws:sqs`, `aws:kinesis`, ...). */
  readonly causeSource: string;
  payload(records: readonly R[]): Buffer;
  /** The `X-Amzn-Trace-Id` the batch carries (recursion lineage), if any. */
  traceHeader?(records: readonly R[]): string | undefined;
  /** Until when (clock ms) a throttled or not-yet-invocable batch is invoked again. */
  retryUntil(records: readonly R[]): number;
}

/** Everything a source plugs into the core. */
export interface BatchSource<R extends SourceRecord> {
  poller: SourcePoller<R>;
  acknowledger: Acknowledger<R>;
  invocation: BatchInvocation<R>;
  /** FilterCriteria; absent when the mapping has none. */
  matches?(record: R): boolean;
  /** Serialized size of a payload with no records (`{"Records":[]}`). */
  envelopeBytes: number;
}
