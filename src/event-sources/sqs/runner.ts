/**
 * One enabled SQS mapping: the core's runner (core/runner.ts) with SQS's poller, acknowledger and
 * payload. Lambda starts with five concurrent batches per standard queue.
 */
import { BatchRunner } from '../core/runner.js';
import type { BatchSource, SourceRecord } from '../core/types.js';
import type { EventSourceMapping } from '../model.js';
import type { MappingRunner, RunnerContext } from '../source-kind.js';
import { SqsAcknowledger } from './acknowledger.js';
import { SqsRecordFilter } from './filter.js';
import { SqsPoller, type SqsGathered } from './poller.js';

const INITIAL_CONCURRENCY = 5;
/**
 * One long poll's wait: SQS's longest. The queue wakes a waiting receive on every send, visibility
 * change and when its next in-flight or delayed message turns visible, so no re-poll is needed.
 */
const LONG_POLL_MS = 20_000;
/** In-process receives are not bound to ReceiveMessage's 10; a bound keeps one transaction small. */
const MAX_RECEIVE = 100;
const ENVELOPE = '{"Records":[]}';

export class SqsMappingRunner implements MappingRunner {
  private readonly runner: BatchRunner<SqsGathered>;

  constructor(mapping: EventSourceMapping, ctx: RunnerContext) {
    const poller = new SqsPoller(mapping, ctx);
    const filter = mapping.filters ? new SqsRecordFilter(mapping.filters) : undefined;
    const source: BatchSource<SqsGathered> = {
      poller,
      acknowledger: new SqsAcknowledger(mapping, ctx, () => poller.fifo),
      invocation: {
        causeSource: 'aws:sqs',
        payload: (records) => Buffer.from(`{"Records":[${joined(records)}]}`),
        traceHeader: (records) => records.find((g) => g.record.attributes.AWSTraceHeader)?.record.attributes.AWSTraceHeader,
        // A throttled batch is retried while its messages are still hidden (AWS's reason for
        // advising a visibility timeout of six function timeouts); past half of it, they go back.
        retryUntil: (records) => records.reduce((earliest, g) => Math.min(earliest, g.receivedAt), Infinity) + (poller.visibilitySeconds() * 1000) / 2,
      },
      matches: filter && ((g) => filter.matches(g.record)),
      envelopeBytes: ENVELOPE.length,
    };
    // No prefetch: each receive asks only for what the batch still needs, because a message received
    // ahead of a free slot would sit hidden while its visibility timeout ran and come back as a duplicate.
    this.runner = new BatchRunner(mapping, ctx, source, { initialSlots: INITIAL_CONCURRENCY, pollMs: LONG_POLL_MS, maxReceive: MAX_RECEIVE });
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  health(): Record<string, unknown> {
    return this.runner.health();
  }
}

function joined(records: readonly SourceRecord[]): string {
  let out = '';
  for (let i = 0; i < records.length; i++) out += (i === 0 ? '' : ',') + records[i]!.json;
  return out;
}
