/**
 * One lane of one shard of a stream mapping: the shard's records whose key falls in this
 * ParallelizationFactor lane, in order, one batch at a time. It is both the core's poller (reads
 * after its checkpoint, woken by the stream's appends) and its acknowledger: a batch's outcome is
 * settled here, retrying inside `settle` so the lane stays blocked until the batch succeeds or is
 * discarded (MaximumRetryAttempts, MaximumRecordAgeInSeconds, BisectBatchOnFunctionError,
 * ReportBatchItemFailures, the on-failure destination). Checkpoints are written to SQLite after
 * every settlement, so a restart resumes exactly after what was done.
 */
import type { StreamReaderPort } from '../../contracts.js';
import type { GatewayOutcome, ResolvedFunction } from '../../gateway/types.js';
import type { CorrelationIds } from '../../observations/types.js';
import { compilePattern, matchesPattern } from '../../patterns/index.js';
import { Targets } from '../../targets/index.js';
import { readBatchItemFailures } from '../batch-item-failures.js';
import { sendBatch } from '../core/sender.js';
import type { Acknowledger, BatchSettlement, SourcePoller } from '../core/types.js';
import type { EventSourceMapping } from '../model.js';
import type { RunnerContext } from '../source-kind.js';
import type { CheckpointStore, LaneCheckpoint } from './checkpoints.js';
import { type FailureCondition, failureObjectKey, failureRecord } from './failure-record.js';
import { laneOf } from './sequence.js';
import { MAX_STATE_BYTES, type OpenWindow, stateOf, windowMembers, windowStartOf } from './tumbling.js';
import type { StreamKind, StreamRecord } from './types.js';

/** Records one read of the shard asks for while scanning for the lane's. */
const SCAN_CHUNK = 500;
const RETRY_BACKOFF_MS = 100;
const RETRY_BACKOFF_MAX_MS = 1_000;
const UNSENT_RETRY_SLICE_MS = 1_000;

export interface LaneOptions {
  mapping: EventSourceMapping;
  ctx: RunnerContext;
  kind: StreamKind;
  checkpoints: CheckpointStore;
  shardId: string;
  lanes: number;
  lane: number;
  /** The lane read its closed shard to the end and settled everything. */
  onFinished(): void;
  /** LastProcessingResult. */
  onResult(result: string): void;
  /** The mapped function, as the runner resolved it. */
  fn(): ResolvedFunction | undefined;
}

type Verdict =
  | { kind: 'ok'; state?: unknown }
  | { kind: 'partial'; index: number; state?: unknown }
  | { kind: 'failed'; reported: boolean }
  | { kind: 'unsent' };

export class ShardLane implements SourcePoller<StreamRecord>, Acknowledger<StreamRecord> {
  private cursor: string | undefined;
  private readonly checkpoint: LaneCheckpoint;
  /** Records handed to the core and not settled yet, in order. */
  private unsettled: StreamRecord[] = [];
  private drained = false;
  private finished = false;
  private appends = 0;
  private wake?: () => void;
  private readonly unsubscribe: () => void;
  private readonly stopping = new AbortController();
  private readonly targets: Targets;
  private readonly filters?: ReturnType<typeof compilePattern>[];
  private readonly windowMs: number;
  private window?: OpenWindow;
  /** The batch handed to the core and not settled yet. */
  private batch?: { promise: Promise<void>; resolve: () => void };
  /** Where the last scan stopped: at the end of the shard's records, at a window's edge, or with more to read. */
  private readAhead: 'end' | 'edge' | 'more' = 'more';

  constructor(private readonly o: LaneOptions) {
    const { mapping, checkpoints, shardId, lanes, lane } = o;
    this.checkpoint = checkpoints.load(mapping.uuid, shardId, lanes, lane) ?? { finished: false };
    this.cursor = this.checkpoint.position;
    this.finished = this.checkpoint.finished;
    this.windowMs = (mapping.tumblingWindowInSeconds ?? 0) * 1000;
    if (this.windowMs > 0 && this.checkpoint.windowStart !== undefined)
      this.window = { start: this.checkpoint.windowStart, state: this.checkpoint.windowState };
    this.targets = new Targets(o.ctx.deps);
    this.filters = mapping.filters?.map((f) => compilePattern(JSON.parse(f.Pattern)));
    this.unsubscribe = this.reader()?.onAppend(mapping.eventSourceArn, () => this.poke()) ?? (() => undefined);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  stop(): void {
    this.stopping.abort(new Error('lane stopped'));
    this.unsubscribe();
    this.poke();
  }

  /** FilterCriteria on the record as the kind presents it. */
  matches(record: StreamRecord): boolean {
    const subject = this.o.kind.filterSubject(record.lambda);
    return this.filters!.some((p) => matchesPattern(p, subject));
  }

  get hasFilters(): boolean {
    return this.filters !== undefined && this.filters.length > 0;
  }

  /** The batch payload: `{"Records":[...]}`, with the window members under a tumbling window. */
  payload(records: readonly StreamRecord[]): Buffer {
    let out = '{"Records":[';
    for (let i = 0; i < records.length; i++) out += (i === 0 ? '' : ',') + records[i]!.json;
    out += ']';
    if (this.windowMs > 0 && records.length > 0) {
      const start = windowStartOf(records[0]!.arrivalMs, this.windowMs);
      const state = this.window?.start === start ? this.window.state : {};
      out += `,${JSON.stringify(windowMembers(start, this.windowMs, state, this.o.shardId, this.o.mapping.eventSourceArn, false, false)).slice(1, -1)}`;
    }
    return Buffer.from(`${out}}`);
  }

  /**
   * How long one send keeps trying a throttled or not-yet-invocable batch: a second at most (then
   * `settle` tries again, with the function looked up afresh), never past the records' expiry.
   */
  retryUntil(records: readonly StreamRecord[]): number {
    return Math.min(this.now() + UNSENT_RETRY_SLICE_MS, (records[0]?.arrivalMs ?? this.now()) + this.maxAgeMs());
  }

  // ---- poller ----

  async receive(max: number, waitMs: number, signal: AbortSignal): Promise<StreamRecord[]> {
    const deadline = this.now() + waitMs;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (this.stopping.signal.aborted) throw this.stopping.signal.reason;
      await this.closeWindowIfDue(false);
      const seen = this.appends;
      const got = await this.scan(max);
      if (got.length > 0) {
        if (!this.batch) {
          let resolve!: () => void;
          const promise = new Promise<void>((r) => {
            resolve = r;
          });
          this.batch = { promise, resolve };
        }
        return got;
      }
      if (this.drained && this.unsettled.length === 0 && !this.finished) await this.finish();
      if (this.windowDue() && this.unsettled.length === 0) continue;
      let remaining = deadline - this.now();
      if (remaining <= 0) return [];
      if (this.appends !== seen) continue;
      if (this.window) remaining = Math.min(remaining, Math.max(0, this.window.start + this.windowMs - this.now()));
      await this.waitForAppend(remaining, signal);
      if (this.now() >= deadline && this.appends === seen && !this.windowDue()) return [];
    }
  }

  async release(): Promise<void> {
    // Nothing to give back: the checkpoint never passed a record that was not settled.
  }

  /**
   * Resolves once the batch handed out last is settled (its invocation answered and its checkpoint
   * written), or after `ms`: stopping waits for it, so a graceful stop delivers nothing twice.
   */
  settledOrAfter(ms: number): Promise<void> {
    if (!this.batch) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.batch!.promise.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  // ---- acknowledger ----

  async dropFiltered(records: readonly StreamRecord[]): Promise<void> {
    this.settled(records);
    if (this.unsettled.length === 0) this.batchSettled();
  }

  async settle(records: readonly StreamRecord[], outcome: GatewayOutcome | undefined, ids?: CorrelationIds): Promise<BatchSettlement> {
    try {
      const failed = await this.resolve([...records], outcome, ids ?? {}, 0, 1);
      return { failed, returned: 0 };
    } finally {
      this.batchSettled();
    }
  }

  private batchSettled(): void {
    const batch = this.batch;
    this.batch = undefined;
    batch?.resolve();
  }

  // ---- reading ----

  private reader(): StreamReaderPort | undefined {
    return this.o.kind.reader(this.o.ctx.deps);
  }

  private now(): number {
    return this.o.ctx.deps.clock.now();
  }

  private poke(): void {
    this.appends++;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForAppend(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.o.ctx.deps.clock.schedule(ms, () => done());
      const onAbort = () => done();
      const done = () => {
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = done;
    });
  }

  /**
   * Up to `max` of the lane's records after the cursor. Records of other lanes are passed over;
   * a tumbling window's batch ends at the window's edge; records older than the mapping's maximum
   * age are discarded (with their failure record) without an invocation.
   */
  private async scan(max: number): Promise<StreamRecord[]> {
    const reader = this.reader();
    if (!reader || this.finished) return [];
    const { mapping, kind, lanes, lane, shardId } = this.o;
    const out: StreamRecord[] = [];
    const aged: StreamRecord[] = [];
    const batchWindow = () => {
      const first = this.unsettled[0] ?? out[0];
      return first && this.windowMs > 0 ? windowStartOf(first.arrivalMs, this.windowMs) : undefined;
    };
    const now = this.now();
    const maxAge = this.maxAgeMs();
    scanning: for (;;) {
      // One lane reads what it needs; with several, other lanes' records come between.
      const chunk = Math.min(SCAN_CHUNK, Math.max(1, (max - out.length) * lanes));
      const read = reader.read(mapping.eventSourceArn, shardId, this.cursor, chunk);
      if (read.trimmedThrough !== undefined && (this.cursor === undefined || isBefore(this.cursor, read.trimmedThrough))) {
        // Retention removed records this lane never settled: AWS's records expired; reading goes on after them.
        this.o.ctx.deps.logger.warn(`event source mapping ${mapping.uuid}: records of ${shardId} expired before they were processed`);
        this.cursor = read.trimmedThrough;
        continue;
      }
      for (const r of read.records) {
        if (laneOf(r.partitionKey, lanes) !== lane) {
          this.cursor = r.sequenceNumber;
          continue;
        }
        if (out.length >= max) {
          this.readAhead = 'more';
          break scanning;
        }
        const w = batchWindow() ?? this.window?.start;
        if (w !== undefined && windowStartOf(r.arrivalMs, this.windowMs) !== w) {
          this.readAhead = 'edge';
          break scanning;
        }
        const lambda = kind.lambdaRecord(r, mapping.eventSourceArn);
        const record: StreamRecord = {
          id: r.sequenceNumber,
          sequenceNumber: r.sequenceNumber,
          before: this.cursor,
          arrivalMs: r.arrivalMs,
          partitionKey: r.partitionKey,
          lambda,
          json: JSON.stringify(lambda),
          receivedAt: now,
        };
        this.cursor = r.sequenceNumber;
        this.unsettled.push(record);
        if (now - r.arrivalMs > maxAge) aged.push(record);
        else out.push(record);
      }
      this.drained = read.drained;
      if (read.records.length < chunk || read.drained) {
        this.readAhead = 'end';
        break;
      }
    }
    if (aged.length > 0) {
      // Aged records are discarded in order with the fresh ones still unsettled after them.
      await this.discard(aged, 'RecordAgeExceeded', 0, undefined, false, {});
    }
    return out;
  }

  private async finish(): Promise<void> {
    await this.closeWindowIfDue(true);
    this.finished = true;
    this.checkpoint.finished = true;
    this.save();
    this.o.onFinished();
  }

  // ---- settling ----

  /**
   * Settles one batch (or a part of a bisected one): success checkpoints it; a partial response
   * checkpoints before the lowest failed record and retries from there; failures retry with
   * backoff until they succeed, run out of attempts or age out, bisecting first when asked.
   * Throttles and errors where the function never ran do not use attempts. Returns the records failed.
   */
  private async resolve(batch: StreamRecord[], first: GatewayOutcome | undefined, ids: CorrelationIds, retriesUsed: number, invokes: number): Promise<number> {
    const { mapping } = this.o;
    let current = batch;
    let outcome = first;
    let retries = retriesUsed;
    let failedCount = 0;
    for (;;) {
      const verdict = this.judge(current, outcome);
      if (verdict.kind === 'ok') {
        this.settled(current, verdict.state, true);
        this.o.onResult('OK');
        await this.checkStateSize();
        await this.closeWindowIfDue(false);
        return failedCount;
      }
      let reported = false;
      if (verdict.kind === 'partial') {
        this.settled(current.slice(0, verdict.index), verdict.state, true);
        current = current.slice(verdict.index);
        reported = true;
      } else if (verdict.kind === 'failed') reported = verdict.reported;
      const functionFailed = verdict.kind !== 'unsent';
      if (functionFailed) {
        failedCount = current.length;
        this.o.onResult('PROBLEM: Function call failed');
      }
      if (this.expired(current)) {
        await this.discard(current, 'RecordAgeExceeded', invokes, outcome, reported, ids);
        return failedCount;
      }
      // A partial response already split the batch at its lowest failed record: what is left is retried whole.
      if (verdict.kind === 'failed' && mapping.bisectBatchOnFunctionError && current.length > 1) {
        // Splitting does not use a retry: each half is tried with the attempts the batch had left.
        const half = Math.ceil(current.length / 2);
        for (const part of [current.slice(0, half), current.slice(half)]) {
          if (this.stopping.signal.aborted) return failedCount;
          const partIds = { ...ids, messageIds: part.map((r) => r.id) };
          const partOutcome = await this.invoke(part, partIds, invokes + 1);
          await this.resolve(part, partOutcome, partIds, retries, invokes + 1);
        }
        return failedCount;
      }
      if (functionFailed) {
        retries++;
        const max = mapping.maximumRetryAttempts ?? -1;
        if (max >= 0 && retries > max) {
          await this.discard(current, 'RetryAttemptsExhausted', invokes, outcome, reported, ids);
          return failedCount;
        }
      }
      const delay = Math.min(RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MS * 2 ** Math.max(0, retries - 1));
      const observations = this.o.ctx.deps.observations;
      if (observations?.wants('retry.scheduled')) {
        observations.emit({
          type: 'retry.scheduled',
          ids: { ...ids, messageIds: current.map((r) => r.id), attempt: invokes + 1 },
          reason: functionFailed ? 'function error' : (outcome?.kind ?? 'not-found'),
          delayMs: delay,
          usesAttempt: functionFailed,
        });
      }
      try {
        await this.o.ctx.deps.clock.sleep(delay, this.stopping.signal);
      } catch {
        return failedCount;
      }
      invokes++;
      outcome = await this.invoke(current, { ...ids, messageIds: current.map((r) => r.id) }, invokes);
    }
  }

  private judge(records: readonly StreamRecord[], outcome: GatewayOutcome | undefined): Verdict {
    if (!outcome) return { kind: 'unsent' };
    if (outcome.kind === 'function-error' || outcome.kind === 'recursion-stopped') return { kind: 'failed', reported: false };
    if (outcome.kind !== 'success') return { kind: 'unsent' };
    let state: unknown;
    if (this.windowMs > 0) {
      const s = stateOf(outcome.payload);
      if (!s) return { kind: 'failed', reported: true };
      state = s.state;
    }
    if (!this.o.mapping.functionResponseTypes.includes('ReportBatchItemFailures')) return { kind: 'ok', state };
    const read = readBatchItemFailures(outcome.payload, new Set(records.map((r) => r.id)));
    if (read.kind === 'batch-failed') return { kind: 'failed', reported: true };
    if (read.ids.size === 0) return { kind: 'ok', state };
    // AWS checkpoints just before the lowest reported sequence number.
    const index = records.findIndex((r) => read.ids.has(r.id));
    return { kind: 'partial', index, state };
  }

  private invoke(records: readonly StreamRecord[], ids: CorrelationIds, attempt: number): Promise<GatewayOutcome | undefined> {
    return this.send(this.payload(records), { ...ids, attempt }, this.retryUntil(records));
  }

  private async send(payload: Buffer, ids: CorrelationIds, retryUntil: number): Promise<GatewayOutcome | undefined> {
    const { mapping, ctx } = this.o;
    const sent = await sendBatch(ctx.deps, {
      function: this.o.fn() ?? { ref: mapping.functionArn, scope: { accountId: mapping.accountId, region: mapping.region } },
      payload,
      causeSource: this.o.kind.causeSource,
      ids,
      retryUntil,
      signal: this.stopping.signal,
    });
    return sent.outcome.kind === 'not-found' ? undefined : sent.outcome;
  }

  /** The records are done with: the checkpoint moves up to the first record still unsettled. */
  private settled(records: readonly StreamRecord[], state?: unknown, succeeded = false): void {
    if (records.length > 0) {
      const done = new Set(records.map((r) => r.id));
      this.unsettled = this.unsettled.filter((r) => !done.has(r.id));
    }
    if (succeeded && this.windowMs > 0 && records.length > 0) {
      this.window = { start: windowStartOf(records[0]!.arrivalMs, this.windowMs), state };
    }
    this.checkpoint.position = this.unsettled.length > 0 ? this.unsettled[0]!.before : this.cursor;
    this.save();
  }

  private save(): void {
    const { mapping, checkpoints, shardId, lanes, lane } = this.o;
    this.checkpoint.windowStart = this.window?.start;
    this.checkpoint.windowState = this.window?.state;
    checkpoints.save(mapping.uuid, shardId, lanes, lane, this.checkpoint);
  }

  private maxAgeMs(): number {
    const retention = this.reader()?.streamInfo(this.o.mapping.eventSourceArn)?.retentionMs ?? 24 * 3_600_000;
    const maxAge = this.o.mapping.maximumRecordAgeInSeconds ?? -1;
    return maxAge === -1 ? retention : Math.min(retention, maxAge * 1000);
  }

  private expired(records: readonly StreamRecord[]): boolean {
    return records.length > 0 && this.now() - records[0]!.arrivalMs > this.maxAgeMs();
  }

  /** Gives up on records: the failure record to the on-failure destination, then past them. */
  private async discard(
    records: StreamRecord[],
    condition: FailureCondition,
    invokes: number,
    outcome: GatewayOutcome | undefined,
    reported: boolean,
    ids: CorrelationIds,
  ): Promise<void> {
    const { mapping, kind, ctx, shardId } = this.o;
    const observations = ctx.deps.observations;
    const recordIds = { ...ids, mappingUuid: mapping.uuid, sourceArn: mapping.eventSourceArn, messageIds: records.map((r) => r.id) };
    if (condition === 'RecordAgeExceeded' && observations?.wants('event.expired')) {
      observations.emit({ type: 'event.expired', ids: recordIds, maximumAgeSeconds: Math.round(this.maxAgeMs() / 1000) });
    }
    if (observations?.wants('records.discarded')) observations.emit({ type: 'records.discarded', ids: recordIds, size: records.length, condition });
    const destination = mapping.destinationConfig?.OnFailure?.Destination;
    if (destination) {
      const now = this.now();
      const functionArn = this.o.fn()?.unqualifiedArn ?? mapping.functionArn;
      const record = failureRecord(records, {
        kind,
        functionArn,
        streamArn: mapping.eventSourceArn,
        shardId,
        condition,
        invokeCount: invokes,
        outcome,
        reportedFailure: reported,
        now,
      });
      const s3 = destination.startsWith('arn:aws:s3:');
      const body = s3 ? JSON.stringify({ ...record, payload: JSON.parse(this.payload(records).toString('utf8')) }) : JSON.stringify(record);
      let error: string | undefined;
      try {
        await this.targets.send(destination, {
          body,
          key: s3 ? failureObjectKey(mapping.uuid, shardId, now) : undefined,
          contentType: s3 ? 'application/json' : undefined,
          sender: 'lambda:esm',
          causeIds: recordIds,
        });
      } catch (err) {
        error = (err as Error).message;
        ctx.deps.logger.warn(`event source mapping ${mapping.uuid}: on-failure destination ${destination} failed: ${error}`);
      }
      if (observations?.wants('destination.delivered')) {
        observations.emit({
          type: 'destination.delivered',
          ids: recordIds,
          destinationArn: destination,
          condition,
          delivered: error === undefined,
          ...(error ? { error } : {}),
        });
      }
    }
    this.settled(records);
  }

  // ---- tumbling windows ----

  /** The open window's time is over and every record of it was read (the next one is later, or there is none yet). */
  private windowDue(): boolean {
    return this.window !== undefined && this.now() >= this.window.start + this.windowMs && this.readAhead !== 'more';
  }

  /** The final invocation of a window whose time is over (or of any open window when the shard ends). */
  private async closeWindowIfDue(force: boolean, terminatedEarly = false): Promise<void> {
    if (!this.window || this.unsettled.length > 0) return;
    if (!force && !terminatedEarly && !this.windowDue()) return;
    const { start, state } = this.window;
    const payload = Buffer.from(
      JSON.stringify({ Records: [], ...windowMembers(start, this.windowMs, state, this.o.shardId, this.o.mapping.eventSourceArn, true, terminatedEarly) }),
    );
    const ids: CorrelationIds = { mappingUuid: this.o.mapping.uuid, sourceArn: this.o.mapping.eventSourceArn, messageIds: [] };
    const max = this.o.mapping.maximumRetryAttempts ?? -1;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.send(payload, { ...ids, attempt }, Math.min(this.now() + UNSENT_RETRY_SLICE_MS, start + this.windowMs + this.maxAgeMs()));
      if (outcome?.kind === 'success') break;
      const exhausted = (max >= 0 && attempt > max) || this.now() - (start + this.windowMs) > this.maxAgeMs();
      if (exhausted || this.stopping.signal.aborted) break;
      try {
        await this.o.ctx.deps.clock.sleep(Math.min(RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MS * 2 ** (attempt - 1)), this.stopping.signal);
      } catch {
        return;
      }
    }
    this.window = undefined;
    this.save();
  }

  /** After a batch: a state past 1 MB ends its window at once. */
  async checkStateSize(): Promise<void> {
    if (this.window && Buffer.byteLength(JSON.stringify(this.window.state ?? {})) > MAX_STATE_BYTES) await this.closeWindowIfDue(false, true);
  }
}

function isBefore(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}
