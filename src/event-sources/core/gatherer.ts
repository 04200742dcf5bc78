/**
 * Gathering one batch: it closes on BatchSize, at the end of the batching window (on the injected
 * clock) or before the payload would pass 6 MB. Records that do not fit open the next batch.
 */
import type { Clock } from '../../clock.js';
import type { SourceRecord } from './types.js';

/** Synchronous invoke payload limit; record metadata counts toward it. */
export const PAYLOAD_LIMIT = 6 * 1024 * 1024;

export interface GatherLimits {
  batchSize: number;
  windowMs: number;
  /** Serialized size of the payload with no records. */
  envelopeBytes: number;
  /** The most records one receive asks for (keeps one source transaction small). */
  maxReceive: number;
  /**
   * Records a receive asks for even when the batch needs fewer; the surplus opens the next
   * batches. Only for sources without ordering (an SQS FIFO group must not run in two batches).
   */
  prefetch?: number;
  /** How long the first receive of a batch waits for a record. */
  pollMs: number;
  payloadLimit?: number;
}

export type Receive<R> = (max: number, waitMs: number) => Promise<R[]>;

export interface GatheredRecords<R> {
  records: R[];
  bytes: number;
}

export class BatchGatherer<R extends SourceRecord> {
  /** Records received but not yet in a batch (carried over a closed batch, or handed back mid-gather). */
  private held: R[] = [];

  constructor(
    private readonly limits: GatherLimits,
    private readonly clock: Clock,
  ) {}

  /** Gathers one batch; empty when the first receive ended with nothing. */
  async gather(receive: Receive<R>): Promise<GatheredRecords<R>> {
    const { batchSize, windowMs, envelopeBytes, maxReceive, pollMs } = this.limits;
    const limit = this.limits.payloadLimit ?? PAYLOAD_LIMIT;
    const records: R[] = [];
    let bytes = envelopeBytes;
    let full = false;
    const take = (received: readonly R[]) => {
      for (const r of received) {
        const size = Buffer.byteLength(r.json) + 1;
        if (full || records.length >= batchSize || (records.length > 0 && bytes + size > limit)) {
          full = true;
          this.held.push(r);
          continue;
        }
        records.push(r);
        bytes += size;
      }
    };
    // Leftovers of the previous batch open this one.
    take(this.held.splice(0));
    const prefetch = this.limits.prefetch ?? 0;
    const pending = () => Math.min(maxReceive, Math.max(batchSize - records.length, prefetch));
    try {
      if (records.length === 0) take(await receive(pending(), pollMs));
      if (records.length === 0) return { records, bytes };
      if (windowMs > 0) {
        const deadline = this.clock.now() + windowMs;
        while (!full && records.length < batchSize) {
          const remaining = deadline - this.clock.now();
          if (remaining <= 0) break;
          take(await receive(pending(), remaining));
        }
      }
      return { records, bytes };
    } catch (err) {
      // Stopping mid-gather: what was gathered is held, for the source to take back.
      this.held.unshift(...records);
      throw err;
    }
  }

  /** Takes every held record (to release them when stopping). */
  takeHeld(): R[] {
    return this.held.splice(0);
  }
}
