/**
 * One enabled stream mapping (DynamoDB Streams now, Kinesis next): discovers the stream's shards,
 * starts a child only once its parent is finished, and runs one core `BatchRunner` per shard and
 * ParallelizationFactor lane with a single slot, so each lane has one batch in flight, in order.
 * On its first start the mapping positions itself by StartingPosition (durably); shards that appear
 * later are read from their start.
 */
import type { StreamReaderPort } from '../../contracts.js';
import type { ResolvedFunction } from '../../gateway/types.js';
import { BatchRunner } from '../core/runner.js';
import type { BatchSource } from '../core/types.js';
import type { EventSourceMapping } from '../model.js';
import type { MappingRunner, RunnerContext } from '../source-kind.js';
import { CheckpointStore } from './checkpoints.js';
import { ShardLane } from './lane.js';
import type { StreamKind, StreamRecord } from './types.js';

/** One wait for records; appends wake it at once, so this only bounds how often shards are looked at again. */
const POLL_MS = 5_000;
/** The most records one receive takes (a batch may still be up to 10,000, gathered in several). */
const MAX_RECEIVE = 1_000;
const ENVELOPE = '{"Records":[]}';
const LOOKUP_TTL_MS = 1_000;
/** How long stopping waits for a lane's batch in flight to be answered (wall time: the function runs on it). */
const STOP_GRACE_MS = 5_000;

interface RunningShard {
  lanes: ShardLane[];
  runners: BatchRunner<StreamRecord>[];
}

/** LastProcessingResult as a stream mapping shows it: what its last batch came to, kept with the mapping. */
export function lastProcessingResult(m: { lastProcessingResult?: string }): string {
  return m.lastProcessingResult ?? 'No records processed';
}

export class StreamMappingRunner implements MappingRunner {
  private readonly checkpoints: CheckpointStore;
  private readonly running = new Map<string, RunningShard>();
  private readonly lanes: number;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private discoveryQueued = false;
  private functionCache?: { at: number; fn: ResolvedFunction | undefined };

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly ctx: RunnerContext,
    private readonly kind: StreamKind,
  ) {
    this.checkpoints = new CheckpointStore(ctx.deps.store);
    this.lanes = mapping.parallelizationFactor ?? 1;
    this.unsubscribe = this.reader()?.onAppend(mapping.eventSourceArn, () => this.discoverSoon()) ?? (() => undefined);
    this.position();
    this.discover();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    const all = [...this.running.values()];
    this.running.clear();
    const lanes = all.flatMap((s) => s.lanes);
    // No new batch starts; retries stop at their next wait; the invocation in flight is answered and checkpointed.
    const runners = Promise.all(all.flatMap((s) => s.runners.map((r) => r.stop())));
    for (const lane of lanes) lane.stop();
    await Promise.all([runners, ...lanes.map((lane) => lane.settledOrAfter(STOP_GRACE_MS))]);
  }

  health(): Record<string, unknown> {
    return { shards: Object.fromEntries([...this.running].map(([id, s]) => [id, s.runners.map((r) => r.health())])) };
  }

  private reader(): StreamReaderPort | undefined {
    return this.kind.reader(this.ctx.deps);
  }

  /** The first start: StartingPosition gives each shard that exists now its position. */
  private position(): void {
    const { mapping, checkpoints } = this;
    if (checkpoints.started(mapping.uuid)) return;
    const reader = this.reader();
    if (!reader) return;
    const positions = new Map<string, string | undefined>();
    if (mapping.startingPosition !== 'TRIM_HORIZON') {
      // LATEST (and AT_TIMESTAMP) from the time the mapping was created or last changed: records
      // written while it was Creating are not lost.
      const at =
        mapping.startingPosition === 'AT_TIMESTAMP' && mapping.startingPositionTimestamp !== undefined
          ? mapping.startingPositionTimestamp * 1000
          : mapping.lastModified;
      for (const shard of reader.shards(mapping.eventSourceArn)) positions.set(shard.shardId, reader.positionAt(mapping.eventSourceArn, shard.shardId, at));
    }
    checkpoints.markStarted(mapping.uuid, this.ctx.deps.clock.now(), positions, this.lanes);
  }

  /** Discovery after appends (a write may have rolled a shard over), once per turn however many writes came. */
  private discoverSoon(): void {
    if (this.stopped || this.discoveryQueued) return;
    this.discoveryQueued = true;
    setImmediate(() => {
      this.discoveryQueued = false;
      this.discover();
    });
  }

  /** Starts the lanes of every shard that is ready: not finished, and its parent finished or gone. */
  private discover(): void {
    if (this.stopped) return;
    const reader = this.reader();
    if (!reader) return;
    const shards = reader.shards(this.mapping.eventSourceArn);
    const listed = new Set(shards.map((s) => s.shardId));
    for (const shard of shards) {
      if (this.running.has(shard.shardId)) continue;
      if (this.checkpoints.shardFinished(this.mapping.uuid, shard.shardId, this.lanes)) continue;
      const parent = shard.parentShardId;
      if (parent && listed.has(parent) && !this.checkpoints.shardFinished(this.mapping.uuid, parent, this.lanes)) continue;
      this.startShard(shard.shardId);
    }
  }

  private startShard(shardId: string): void {
    const running: RunningShard = { lanes: [], runners: [] };
    this.running.set(shardId, running);
    for (let lane = 0; lane < this.lanes; lane++) {
      const shardLane = new ShardLane({
        mapping: this.mapping,
        ctx: this.ctx,
        kind: this.kind,
        checkpoints: this.checkpoints,
        shardId,
        lanes: this.lanes,
        lane,
        onFinished: () => this.laneFinished(shardId),
        onResult: (result) => this.ctx.recordResult(result),
        fn: () => this.function(),
      });
      if (shardLane.isFinished) continue;
      const source: BatchSource<StreamRecord> = {
        poller: shardLane,
        acknowledger: shardLane,
        invocation: {
          causeSource: this.kind.causeSource,
          payload: (records) => shardLane.payload(records),
          retryUntil: (records) => shardLane.retryUntil(records),
        },
        matches: shardLane.hasFilters ? (r) => shardLane.matches(r) : undefined,
        envelopeBytes: ENVELOPE.length,
      };
      running.lanes.push(shardLane);
      running.runners.push(new BatchRunner(this.mapping, this.ctx, source, { initialSlots: 1, fixedSlots: 1, pollMs: POLL_MS, maxReceive: MAX_RECEIVE }));
    }
    if (running.lanes.length === 0) {
      this.running.delete(shardId);
      this.discoverSoon();
    }
  }

  /** Once every lane of a shard is done, its runners stop and its children may start. */
  private laneFinished(shardId: string): void {
    const running = this.running.get(shardId);
    if (!running?.lanes.every((l) => l.isFinished)) return;
    this.running.delete(shardId);
    for (const lane of running.lanes) lane.stop();
    void Promise.all(running.runners.map((r) => r.stop())).then(() => this.discover());
  }

  private function(): ResolvedFunction | undefined {
    const now = this.ctx.deps.clock.now();
    if (!this.functionCache || now - this.functionCache.at >= LOOKUP_TTL_MS) {
      this.functionCache = {
        at: now,
        fn: this.ctx.deps.gateway.resolve(this.mapping.functionArn, { accountId: this.mapping.accountId, region: this.mapping.region }),
      };
    }
    return this.functionCache.fn;
  }
}
