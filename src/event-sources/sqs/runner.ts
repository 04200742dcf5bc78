/**
 * One enabled SQS mapping at work: a single poller gathers batches (closing on BatchSize, the
 * batching window or the 6 MB payload limit) and hands each to a sender slot. Slots bound the
 * concurrent batches: a few at first, one more whenever a full batch shows the queue is deep,
 * never more than ScalingConfig.MaximumConcurrency or the function's concurrency.
 */
import type { SqsQueueInfo, SqsReceivedMessage } from '../../contracts.js';
import type { ResolvedFunction } from '../../services/lambda/internal-api.js';
import type { EventSourceMapping } from '../model.js';
import type { MappingRunner, RunnerContext } from '../source-kind.js';
import { SqsRecordFilter } from './filter.js';
import { buildRecord } from './records.js';
import type { GatheredMessage, SendResult } from './sender.js';
import { sendSqsBatch } from './sender.js';

/** Synchronous invoke payload limit; record metadata counts toward it. */
const PAYLOAD_LIMIT = 6 * 1024 * 1024;
const ENVELOPE_BYTES = '{"Records":[]}'.length;
/** Lambda starts with five concurrent batches per standard queue (§4.5). */
const INITIAL_CONCURRENCY = 5;
/** AWS adds up to 300 concurrent invokes a minute: one every 200 ms. */
const SCALE_UP_INTERVAL_MS = 200;
/**
 * One long poll's wait. Shorter than SQS's 20 s so that a wake-up the queue misses (a message
 * whose visibility ends between two clock reads) delays delivery by at most this much; an idle
 * mapping still costs one receive every two seconds.
 */
const LONG_POLL_MS = 2_000;
const ERROR_BACKOFF_MS = 1_000;
const LOOKUP_TTL_MS = 1_000;
const MAX_RECEIVE = 100;

export class SqsMappingRunner implements MappingRunner {
  private readonly stopping = new AbortController();
  private readonly filter?: SqsRecordFilter;
  private readonly loop: Promise<void>;
  private inFlight = 0;
  private scale: number;
  private lastScaleUp = 0;
  private slotFreed?: () => void;
  /** Messages received but not yet handed to a sender (carried over a closed batch, or mid-gather). */
  private held: GatheredMessage[] = [];
  private batches = 0;
  private lastResult?: SendResult;
  private queueCache?: { at: number; info: SqsQueueInfo | undefined };
  private functionCache?: { at: number; fn: ResolvedFunction | undefined };
  private lastWarning?: { text: string; at: number };

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly ctx: RunnerContext,
  ) {
    this.filter = mapping.filters ? new SqsRecordFilter(mapping.filters) : undefined;
    this.scale = Math.min(INITIAL_CONCURRENCY, this.limit());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('mapping stopped'));
    this.slotFreed?.();
    await this.loop;
  }

  health(): Record<string, unknown> {
    return { inFlight: this.inFlight, concurrency: this.scale, batches: this.batches, lastOutcome: this.lastResult?.outcome };
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private get fifo(): boolean {
    return this.queue()?.fifo ?? this.mapping.eventSourceArn.endsWith('.fifo');
  }

  /** The queue's settings, looked up at most once a second. */
  private queue(): SqsQueueInfo | undefined {
    const now = this.ctx.deps.clock.now();
    if (!this.queueCache || now - this.queueCache.at >= LOOKUP_TTL_MS) {
      this.queueCache = { at: now, info: this.ctx.deps.ports.sqs?.queueInfo(this.mapping.eventSourceArn) };
    }
    return this.queueCache.info;
  }

  /**
   * The mapped function, looked up at most once a second. Batches invoke it by its ARN, and the
   * invoke reads the function's current configuration, so a second-old lookup is only its identity.
   */
  private function(): ResolvedFunction | undefined {
    const { mapping, ctx } = this;
    const now = ctx.deps.clock.now();
    if (!this.functionCache || now - this.functionCache.at >= LOOKUP_TTL_MS) {
      this.functionCache = { at: now, fn: ctx.internals.resolve(mapping.functionArn, { accountId: mapping.accountId, region: mapping.region }) };
    }
    return this.functionCache.fn;
  }

  /** The most concurrent batches allowed: MaximumConcurrency and the function's own limit (its reserved concurrency). */
  private limit(): number {
    const functionLimit = this.function()?.reservedConcurrency ?? this.ctx.deps.config.maxConcurrencyPerFunction;
    return Math.max(1, Math.min(this.mapping.maximumConcurrency ?? 1000, functionLimit));
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        await this.slot();
        if (this.stopped) break;
        let batch: GatheredMessage[];
        try {
          batch = await this.gather();
        } catch (err) {
          if (this.stopped) break;
          this.warnOnce(`polling ${this.mapping.eventSourceArn} failed: ${(err as Error).message}`);
          await this.pause(ERROR_BACKOFF_MS);
          continue;
        }
        if (batch.length === 0) {
          this.scale = Math.max(Math.min(INITIAL_CONCURRENCY, this.limit()), this.scale - 1);
          continue;
        }
        if (batch.length >= this.mapping.batchSize) this.scaleUp();
        this.dispatch(batch);
      }
    } finally {
      await this.releaseHeld();
    }
  }

  /** Waits until fewer batches are in flight than the current scale allows. */
  private async slot(): Promise<void> {
    while (!this.stopped && this.inFlight >= Math.min(this.scale, this.limit())) {
      await new Promise<void>((resolve) => {
        this.slotFreed = resolve;
      });
    }
  }

  private scaleUp(): void {
    const now = this.ctx.deps.clock.now();
    if (now - this.lastScaleUp < SCALE_UP_INTERVAL_MS) return;
    this.lastScaleUp = now;
    this.scale = Math.min(this.limit(), this.scale + 1);
  }

  private dispatch(batch: GatheredMessage[]): void {
    this.inFlight++;
    this.batches++;
    const visibilitySeconds = this.visibility() ?? this.queue()?.visibilityTimeoutSeconds ?? 30;
    const fn = this.function();
    sendSqsBatch(batch, { mapping: this.mapping, fn, filter: this.filter, fifo: this.fifo, ctx: this.ctx, visibilitySeconds, signal: this.stopping.signal })
      .then((result) => {
        this.lastResult = result;
      })
      .catch((err: unknown) => {
        this.warnOnce(`batch failed: ${(err as Error).message}`);
      })
      .finally(() => {
        this.inFlight--;
        const wake = this.slotFreed;
        this.slotFreed = undefined;
        wake?.();
      });
  }

  /** Gathers one batch; empty when the long poll ended with nothing. */
  private async gather(): Promise<GatheredMessage[]> {
    const { batchSize, maximumBatchingWindowInSeconds } = this.mapping;
    const batch: GatheredMessage[] = [];
    let bytes = ENVELOPE_BYTES;
    let full = false;
    const add = (g: GatheredMessage) => {
      const size = Buffer.byteLength(g.json) + 1;
      if (full || batch.length >= batchSize || (batch.length > 0 && bytes + size > PAYLOAD_LIMIT)) {
        full = true;
        this.held.push(g);
        return;
      }
      batch.push(g);
      bytes += size;
    };
    const take = (messages: readonly SqsReceivedMessage[]) => {
      const receivedAt = this.ctx.deps.clock.now();
      for (const message of messages) {
        const record = buildRecord(message, this.mapping.eventSourceArn);
        add({ message, record, json: JSON.stringify(record), receivedAt });
      }
    };
    // Leftovers of the previous batch open this one.
    for (const g of this.held.splice(0)) add(g);

    // In-process receives are not bound to ReceiveMessage's 10; a bound keeps one transaction small.
    const pending = () => Math.min(MAX_RECEIVE, batchSize - batch.length);
    try {
      if (batch.length === 0) take(await this.receive(pending(), LONG_POLL_MS));
      if (batch.length === 0) return [];
      const windowMs = maximumBatchingWindowInSeconds * 1000;
      if (windowMs > 0) {
        const deadline = this.ctx.deps.clock.now() + windowMs;
        while (!full && batch.length < batchSize) {
          const remaining = deadline - this.ctx.deps.clock.now();
          if (remaining <= 0) break;
          take(await this.receive(pending(), remaining));
        }
      }
      return batch;
    } catch (err) {
      // Stopping mid-gather: hand what was gathered back to the queue.
      this.held.unshift(...batch);
      throw err;
    }
  }

  /**
   * One receive, waiting up to `waitMs` of the injected clock for the first message (the receive
   * is aborted when that time passes, so a ManualClock drives batching windows).
   */
  private async receive(max: number, waitMs: number): Promise<SqsReceivedMessage[]> {
    const sqs = this.ctx.deps.ports.sqs;
    if (!sqs) {
      await this.pause(ERROR_BACKOFF_MS);
      return [];
    }
    const controller = new AbortController();
    const onStop = () => controller.abort(this.stopping.signal.reason);
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    const timer = this.ctx.deps.clock.schedule(waitMs, () => controller.abort(new Error('wait over')));
    try {
      return await sqs.receive(this.mapping.eventSourceArn, { max, waitMs, signal: controller.signal, visibilityTimeoutSeconds: this.visibility() });
    } catch (err) {
      if (controller.signal.aborted && !this.stopped) return [];
      throw err;
    } finally {
      timer.cancel();
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }

  /** The queue's own timeout, stretched when the batching window alone would outlast it. */
  private visibility(): number | undefined {
    const queue = this.queue();
    const window = this.mapping.maximumBatchingWindowInSeconds;
    if (!queue || window < queue.visibilityTimeoutSeconds) return undefined;
    return window + 30;
  }

  /** Logs a problem, but the same one at most once a minute (a deleted queue fails every poll). */
  private warnOnce(problem: string): void {
    const now = this.ctx.deps.clock.now();
    if (this.lastWarning?.text === problem && now - this.lastWarning.at < 60_000) return;
    this.lastWarning = { text: problem, at: now };
    this.ctx.deps.logger.warn(`event source mapping ${this.mapping.uuid}: ${problem}`);
  }

  private async pause(ms: number): Promise<void> {
    try {
      await this.ctx.deps.clock.sleep(ms, this.stopping.signal);
    } catch {
      // stopped
    }
  }

  /** Messages received but never sent go back to the queue at once rather than after a timeout. */
  private async releaseHeld(): Promise<void> {
    const held = this.held.splice(0);
    const sqs = this.ctx.deps.ports.sqs;
    if (!sqs) return;
    await Promise.all(
      held.map((g) => sqs.changeVisibility(this.mapping.eventSourceArn, g.message.receiptHandle, 0).catch(() => undefined)),
    );
  }
}
