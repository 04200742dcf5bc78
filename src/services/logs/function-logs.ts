import type { Clock, Timer } from '../../clock.js';
import type { FunctionLogBatch } from '../../engine/types.js';
import type { Logger } from '../../log.js';
import type { LogsStore, NewEvent } from './store.js';

/** CloudWatch Logs takes events of up to 256 KB including 26 bytes of overhead; Lambda cuts longer lines. */
const MAX_MESSAGE_BYTES = 262_144 - 26;

/** How long function output may wait before it is written; a read writes it at once. */
const FLUSH_DELAY_MS = 100;
/** Queued lines beyond which the writer does not wait for the delay. */
const FLUSH_AT_LINES = 5000;

/**
 * Function output on its way into log groups: batches are queued as the engine hands them over
 * and written together, one transaction per stream's worth at most every 100 ms, so an invocation
 * never waits for SQLite and a busy function costs one commit per interval, not per invocation.
 * Readers call `flush()` first and so see every line printed before their request.
 */
export class FunctionLogWriter {
  private pending: FunctionLogBatch[] = [];
  private pendingLines = 0;
  private timer?: Timer;
  private immediate = false;
  private closed = false;
  /** `account \0 region \0 group \0 stream` → the rows to append to. */
  private readonly streams = new Map<string, { groupId: number; streamId: number }>();

  constructor(
    private readonly store: LogsStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  append(batch: FunctionLogBatch): void {
    if (this.closed) return;
    this.pending.push(batch);
    this.pendingLines += batch.lines.length;
    if (this.pendingLines >= FLUSH_AT_LINES) {
      if (!this.immediate) {
        this.immediate = true;
        setImmediate(() => this.flush());
      }
    } else {
      this.timer ??= this.clock.schedule(FLUSH_DELAY_MS, () => this.flush());
    }
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.immediate = false;
    if (this.pending.length === 0) return;
    const batches = this.pending;
    this.pending = [];
    this.pendingLines = 0;
    const now = this.clock.now();
    try {
      this.store.transaction(() => {
        // One append per stream, in the order its lines were printed.
        const byStream = new Map<{ groupId: number; streamId: number }, NewEvent[]>();
        for (const batch of batches) {
          const target = this.streamOf(batch, now);
          let events = byStream.get(target);
          if (!events) byStream.set(target, (events = []));
          for (const line of batch.lines) events.push({ timestamp: batch.timestamp, message: clip(line) });
        }
        for (const [target, events] of byStream) this.store.appendEvents(target.groupId, target.streamId, events, now);
      });
      this.store.pruneIfDue(now);
    } catch (err) {
      this.streams.clear();
      this.logger.warn(`could not store function logs: ${err instanceof Error ? err.message : err}`);
    }
  }

  /** Writes what is queued and takes no more (the store is about to close). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /** A group or stream was deleted: find (or create) the rows again on the next write. */
  forgetStreams(): void {
    this.streams.clear();
  }

  private streamOf(batch: FunctionLogBatch, now: number): { groupId: number; streamId: number } {
    const key = `${batch.accountId}\0${batch.region}\0${batch.logGroupName}\0${batch.logStreamName}`;
    let target = this.streams.get(key);
    if (!target) {
      const group = this.store.ensureGroup({ accountId: batch.accountId, region: batch.region }, batch.logGroupName, now);
      const stream = this.store.ensureStream(group, batch.logStreamName, now);
      target = { groupId: group.id, streamId: stream.id };
      this.streams.set(key, target);
    }
    return target;
  }
}

function clip(line: string): string {
  if (line.length * 3 <= MAX_MESSAGE_BYTES || Buffer.byteLength(line) <= MAX_MESSAGE_BYTES) return line;
  return Buffer.from(line).subarray(0, MAX_MESSAGE_BYTES).toString('utf8');
}
