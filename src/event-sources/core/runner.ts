/**
 * One enabled mapping at work, whatever its source: a single loop gathers batches and hands each
 * to a slot. Slots bound the concurrent batches: a few at first, one more whenever a full batch
 * shows the source is deep, one fewer when a poll finds nothing, never more than
 * ScalingConfig.MaximumConcurrency or the function's concurrency (or exactly `fixedSlots`).
 * Polling failures back off and are logged at most once a minute.
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedFunction } from '../../gateway/types.js';
import type { CorrelationIds, InvocationOutcomeKind } from '../../observations/types.js';
import type { EventSourceMapping } from '../model.js';
import type { MappingRunner, RunnerContext } from '../source-kind.js';
import { BatchGatherer } from './gatherer.js';
import { sendBatch } from './sender.js';
import type { BatchSource, SourceRecord } from './types.js';

export interface RunnerOptions {
  /** Concurrent batches to start with (AWS starts SQS at five). */
  initialSlots: number;
  /** A fixed number of slots, no scaling (a stream lane: one batch in flight, in order). */
  fixedSlots?: number;
  /** How long one poll waits for the first record. */
  pollMs: number;
  /** The most records one receive asks for. */
  maxReceive: number;
  /** Records a receive asks for beyond the batch's need (unordered sources only). */
  prefetch?: number;
}

/** AWS adds up to 300 concurrent invokes a minute: one every 200 ms. */
const SCALE_UP_INTERVAL_MS = 200;
const ERROR_BACKOFF_MS = 1_000;
const LOOKUP_TTL_MS = 1_000;
const WARNING_INTERVAL_MS = 60_000;

export class BatchRunner<R extends SourceRecord> implements MappingRunner {
  private readonly stopping = new AbortController();
  private readonly gatherer: BatchGatherer<R>;
  private readonly loop: Promise<void>;
  private inFlight = 0;
  private scale: number;
  private lastScaleUp = 0;
  private slotFreed?: () => void;
  private batches = 0;
  private lastOutcome?: InvocationOutcomeKind;
  private functionCache?: { at: number; fn: ResolvedFunction | undefined };
  private lastWarning?: { text: string; at: number };

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly ctx: RunnerContext,
    private readonly source: BatchSource<R>,
    private readonly options: RunnerOptions,
  ) {
    this.gatherer = new BatchGatherer<R>(
      {
        batchSize: mapping.batchSize,
        windowMs: mapping.maximumBatchingWindowInSeconds * 1000,
        envelopeBytes: source.envelopeBytes,
        maxReceive: options.maxReceive,
        prefetch: options.prefetch,
        pollMs: options.pollMs,
      },
      ctx.deps.clock,
    );
    this.scale = options.fixedSlots ?? Math.min(options.initialSlots, this.limit());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('mapping stopped'));
    this.slotFreed?.();
    await this.loop;
  }

  health(): Record<string, unknown> {
    return { inFlight: this.inFlight, concurrency: this.scale, batches: this.batches, lastOutcome: this.lastOutcome };
  }

  /** Logs a problem, but the same one at most once a minute (a deleted queue fails every poll). */
  warnOnce(problem: string): void {
    const now = this.ctx.deps.clock.now();
    if (this.lastWarning?.text === problem && now - this.lastWarning.at < WARNING_INTERVAL_MS) return;
    this.lastWarning = { text: problem, at: now };
    this.ctx.deps.logger.warn(`event source mapping ${this.mapping.uuid}: ${problem}`);
  }

  /** Waits `ms` of the injected clock, or until the runner stops. */
  async pause(ms: number): Promise<void> {
    try {
      await this.ctx.deps.clock.sleep(ms, this.stopping.signal);
    } catch {
      // stopped
    }
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /**
   * The mapped function, looked up at most once a second. Batches hand it to the gateway, which
   * reads its current configuration, so a second-old lookup is only its identity.
   */
  private function(): ResolvedFunction | undefined {
    const { mapping, ctx } = this;
    const now = ctx.deps.clock.now();
    if (!this.functionCache || now - this.functionCache.at >= LOOKUP_TTL_MS) {
      this.functionCache = { at: now, fn: ctx.deps.gateway.resolve(mapping.functionArn, { accountId: mapping.accountId, region: mapping.region }) };
    }
    return this.functionCache.fn;
  }

  /** The most concurrent batches allowed: MaximumConcurrency and the function's own limit (its reserved concurrency). */
  private limit(): number {
    if (this.options.fixedSlots !== undefined) return this.options.fixedSlots;
    const functionLimit = this.function()?.reservedConcurrency ?? this.ctx.deps.config.maxConcurrencyPerFunction;
    return Math.max(1, Math.min(this.mapping.maximumConcurrency ?? 1000, functionLimit));
  }

  private async run(): Promise<void> {
    const receive = (max: number, waitMs: number) => this.source.poller.receive(max, waitMs, this.stopping.signal);
    try {
      while (!this.stopped) {
        await this.slot();
        if (this.stopped) break;
        let gathered: { records: R[]; bytes: number };
        try {
          gathered = await this.gatherer.gather(receive);
        } catch (err) {
          if (this.stopped) break;
          this.warnOnce(`polling ${this.mapping.eventSourceArn} failed: ${(err as Error).message}`);
          await this.pause(ERROR_BACKOFF_MS);
          continue;
        }
        if (gathered.records.length === 0) {
          if (this.options.fixedSlots === undefined) this.scale = Math.max(Math.min(this.options.initialSlots, this.limit()), this.scale - 1);
          continue;
        }
        if (gathered.records.length >= this.mapping.batchSize) this.scaleUp();
        this.dispatch(gathered.records, gathered.bytes);
      }
    } finally {
      await this.source.poller.release(this.gatherer.takeHeld()).catch(() => undefined);
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
    if (this.options.fixedSlots !== undefined) return;
    const now = this.ctx.deps.clock.now();
    if (now - this.lastScaleUp < SCALE_UP_INTERVAL_MS) return;
    this.lastScaleUp = now;
    this.scale = Math.min(this.limit(), this.scale + 1);
  }

  private dispatch(records: R[], bytes: number): void {
    this.inFlight++;
    this.batches++;
    this.deliver(records, bytes)
      .then((outcome) => {
        this.lastOutcome = outcome;
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

  /** Filters, invokes and settles one batch, observing each step. */
  private async deliver(records: R[], bytes: number): Promise<InvocationOutcomeKind | undefined> {
    const { mapping, source, ctx } = this;
    const observations = ctx.deps.observations;
    const fn = this.function();
    const ids: CorrelationIds = {
      batchId: randomUUID(),
      mappingUuid: mapping.uuid,
      sourceArn: mapping.eventSourceArn,
      functionArn: fn?.unqualifiedArn ?? unqualified(mapping.functionArn),
    };
    if (observations?.wants('batch.gathered')) {
      observations.emit({ type: 'batch.gathered', ids: { ...ids, messageIds: records.map((r) => r.id), attempt: 1 }, size: records.length, bytes });
    }
    let matched = records;
    if (source.matches) {
      matched = [];
      const rejected: R[] = [];
      for (const r of records) (source.matches(r) ? matched : rejected).push(r);
      if (rejected.length > 0) {
        await source.acknowledger.dropFiltered(rejected);
        if (observations?.wants('batch.filtered')) {
          observations.emit({ type: 'batch.filtered', ids: { ...ids, messageIds: rejected.map((r) => r.id) }, dropped: rejected.length });
        }
      }
      if (matched.length === 0) {
        this.finished(ids, records.length, 'success', 0, { failed: 0, returned: 0 });
        return undefined;
      }
    }
    const batchIds = { ...ids, messageIds: matched.map((r) => r.id) };
    const sent = await sendBatch(ctx.deps, {
      function: fn ?? { ref: mapping.functionArn, scope: { accountId: mapping.accountId, region: mapping.region } },
      payload: source.invocation.payload(matched),
      traceHeader: source.invocation.traceHeader?.(matched),
      causeSource: source.invocation.causeSource,
      ids: batchIds,
      retryUntil: source.invocation.retryUntil(matched),
      signal: this.stopping.signal,
    });
    const outcome = sent.outcome.kind === 'not-found' ? undefined : sent.outcome;
    const settlement = await source.acknowledger.settle(matched, outcome, batchIds);
    this.finished(batchIds, records.length, sent.outcome.kind, sent.attempt, settlement);
    return sent.outcome.kind;
  }

  private finished(ids: CorrelationIds, size: number, outcome: InvocationOutcomeKind, attempt: number, s: { failed: number; returned: number }): void {
    const observations = this.ctx.deps.observations;
    if (!observations?.wants('batch.finished')) return;
    observations.emit({ type: 'batch.finished', ids: attempt > 0 ? { ...ids, attempt } : ids, size, outcome, failed: s.failed, returned: s.returned });
  }
}

/** The function ARN without a version or alias. */
function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}
