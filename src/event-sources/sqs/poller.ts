/**
 * Reading an SQS queue for a mapping: in-process receives through the SQS port, each waiting on the
 * injected clock (the receive is aborted when its wait passes, so a ManualClock drives batching
 * windows), and each message built into its Lambda record once.
 */
import type { SqsQueueInfo, SqsReceivedMessage } from '../../contracts.js';
import type { SourcePoller, SourceRecord } from '../core/types.js';
import type { EventSourceMapping } from '../model.js';
import type { RunnerContext } from '../source-kind.js';
import { buildRecord, type SqsRecord } from './records.js';

/** A received message and its Lambda record, as the core carries it. */
export interface SqsGathered extends SourceRecord {
  message: SqsReceivedMessage;
  record: SqsRecord;
}

const LOOKUP_TTL_MS = 1_000;
const NO_PORT_BACKOFF_MS = 1_000;

export class SqsPoller implements SourcePoller<SqsGathered> {
  private queueCache?: { at: number; info: SqsQueueInfo | undefined };

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly ctx: RunnerContext,
  ) {}

  /** The queue's settings, looked up at most once a second. */
  queue(): SqsQueueInfo | undefined {
    const now = this.ctx.deps.clock.now();
    if (!this.queueCache || now - this.queueCache.at >= LOOKUP_TTL_MS) {
      this.queueCache = { at: now, info: this.ctx.deps.ports.sqs?.queueInfo(this.mapping.eventSourceArn) };
    }
    return this.queueCache.info;
  }

  get fifo(): boolean {
    return this.queue()?.fifo ?? this.mapping.eventSourceArn.endsWith('.fifo');
  }

  /** The visibility timeout a received batch has (seconds). */
  visibilitySeconds(): number {
    return this.visibilityOverride() ?? this.queue()?.visibilityTimeoutSeconds ?? 30;
  }

  async receive(max: number, waitMs: number, stop: AbortSignal): Promise<SqsGathered[]> {
    const { ctx, mapping } = this;
    const sqs = ctx.deps.ports.sqs;
    if (!sqs) {
      await ctx.deps.clock.sleep(NO_PORT_BACKOFF_MS, stop).catch(() => undefined);
      if (stop.aborted) throw stop.reason;
      return [];
    }
    const visibilityTimeoutSeconds = this.visibilityOverride();
    // A queue with messages answers at once: no abort signal or timer is needed for that.
    const ready = await sqs.receive(mapping.eventSourceArn, { max, waitMs: 0, visibilityTimeoutSeconds });
    if (ready.length > 0 || waitMs <= 0) return this.records(ready);
    if (stop.aborted) throw stop.reason;
    const controller = new AbortController();
    const onStop = () => controller.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    const timer = ctx.deps.clock.schedule(waitMs, () => controller.abort(new Error('wait over')));
    let messages: SqsReceivedMessage[];
    try {
      messages = await sqs.receive(mapping.eventSourceArn, { max, waitMs, signal: controller.signal, visibilityTimeoutSeconds });
    } catch (err) {
      if (controller.signal.aborted && !stop.aborted) return [];
      throw err;
    } finally {
      timer.cancel();
      stop.removeEventListener('abort', onStop);
    }
    return this.records(messages);
  }

  private records(messages: readonly SqsReceivedMessage[]): SqsGathered[] {
    const receivedAt = this.ctx.deps.clock.now();
    const arn = this.mapping.eventSourceArn;
    return messages.map((message) => {
      const record = buildRecord(message, arn);
      return { id: message.messageId, message, record, json: JSON.stringify(record), receivedAt };
    });
  }

  /** Messages received but never sent go back to the queue at once rather than after a timeout. */
  async release(records: readonly SqsGathered[]): Promise<void> {
    const sqs = this.ctx.deps.ports.sqs;
    if (!sqs) return;
    await Promise.all(records.map((g) => sqs.changeVisibility(this.mapping.eventSourceArn, g.message.receiptHandle, 0).catch(() => undefined)));
  }

  /** The queue's own timeout, stretched when the batching window alone would outlast it. */
  private visibilityOverride(): number | undefined {
    const queue = this.queue();
    const window = this.mapping.maximumBatchingWindowInSeconds;
    if (!queue || window < queue.visibilityTimeoutSeconds) return undefined;
    return window + 30;
  }
}
