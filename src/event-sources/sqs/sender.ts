/**
 * The SQS sender: turns a gathered batch into one synchronous invoke and applies the outcome.
 * Success deletes the batch; an error, timeout or throttle deletes nothing (the messages return
 * after the queue's visibility timeout, so the receive count and the queue's redrive apply).
 * Messages the filters reject are deleted without invoking.
 */
import { randomUUID } from 'node:crypto';
import type { SqsReceivedMessage } from '../../contracts.js';
import type { GatewayOutcome } from '../../gateway/types.js';
import type { ResolvedFunction } from '../../services/lambda/internal-api.js';
import { readBatchItemFailures } from '../batch-item-failures.js';
import type { EventSourceMapping } from '../model.js';
import type { RunnerContext } from '../source-kind.js';
import type { SqsRecordFilter } from './filter.js';
import type { SqsRecord } from './records.js';

export interface GatheredMessage {
  message: SqsReceivedMessage;
  record: SqsRecord;
  /** The record serialized, as it goes into the payload. */
  json: string;
  /** When it was received (clock ms): its visibility timeout runs from then. */
  receivedAt: number;
}

export interface SendResult {
  invoked: boolean;
  outcome?: GatewayOutcome['kind'];
  deleted: number;
  retained: number;
}

export interface SqsSendOptions {
  mapping: EventSourceMapping;
  /** The mapped function as the runner last resolved it; looked up here when absent. */
  fn?: ResolvedFunction;
  filter?: SqsRecordFilter;
  fifo: boolean;
  ctx: RunnerContext;
  /** The queue's visibility timeout as this batch was received with it. */
  visibilitySeconds: number;
  /** Ends throttle retries when the mapping stops. */
  signal?: AbortSignal;
}

const THROTTLE_BACKOFF_MS = 50;
const THROTTLE_BACKOFF_MAX_MS = 1_000;

export async function sendSqsBatch(batch: readonly GatheredMessage[], opts: SqsSendOptions): Promise<SendResult> {
  const { mapping, ctx } = opts;
  const sqs = ctx.deps.ports.sqs;
  if (!sqs) return { invoked: false, deleted: 0, retained: batch.length };
  const matched: GatheredMessage[] = [];
  const rejected: GatheredMessage[] = [];
  for (const g of batch) (!opts.filter || opts.filter.matches(g.record) ? matched : rejected).push(g);
  if (rejected.length > 0) await sqs.deleteMessages(mapping.eventSourceArn, rejected.map((g) => g.message.receiptHandle));
  if (matched.length === 0) return { invoked: false, deleted: rejected.length, retained: 0 };

  const fn = opts.fn ?? ctx.internals.resolve(mapping.functionArn, { accountId: mapping.accountId, region: mapping.region });
  if (!fn) return { invoked: false, deleted: rejected.length, retained: matched.length };

  const payload = Buffer.from(`{"Records":[${matched.map((g) => g.json).join(',')}]}`);
  const traceHeader = matched.find((g) => g.record.attributes.AWSTraceHeader)?.record.attributes.AWSTraceHeader;
  const cause = {
    source: 'aws:sqs',
    ids: { mappingUuid: mapping.uuid, sourceArn: mapping.eventSourceArn, messageIds: matched.map((g) => g.record.messageId) },
  };
  const invoke = () => ctx.deps.gateway.invoke({ function: fn, requestId: randomUUID(), payload, traceHeader, cause });
  let outcome = await invoke();
  // A stopped loop is not invoked; the messages return and end in the queue's DLQ.
  if (outcome.kind === 'recursion-stopped') return { invoked: false, outcome: outcome.kind, deleted: rejected.length, retained: matched.length };
  // A throttled batch is retried while its messages are still hidden (AWS's reason for advising a
  // visibility timeout of six function timeouts); past half of it, the messages go back.
  const retryUntil = matched.reduce((earliest, g) => Math.min(earliest, g.receivedAt), Infinity) + (opts.visibilitySeconds * 1000) / 2;
  for (let delay = THROTTLE_BACKOFF_MS; (outcome.kind === 'throttled' || outcome.kind === 'not-invocable') && ctx.deps.clock.now() + delay <= retryUntil; delay = Math.min(delay * 2, THROTTLE_BACKOFF_MAX_MS)) {
    try {
      await ctx.deps.clock.sleep(delay, opts.signal);
    } catch {
      break;
    }
    outcome = await invoke();
  }
  if (outcome.kind !== 'success') return { invoked: true, outcome: outcome.kind, deleted: rejected.length, retained: matched.length };

  let toDelete = matched;
  if (mapping.functionResponseTypes.includes('ReportBatchItemFailures')) {
    const read = readBatchItemFailures(outcome.payload, new Set(matched.map((g) => g.record.messageId)));
    if (read.kind === 'batch-failed') return { invoked: true, outcome: 'success', deleted: rejected.length, retained: matched.length };
    const failed = opts.fifo ? withLaterMessagesOfGroups(matched, read.ids) : read.ids;
    toDelete = matched.filter((g) => !failed.has(g.record.messageId));
  }
  if (toDelete.length > 0) await sqs.deleteMessages(mapping.eventSourceArn, toDelete.map((g) => g.message.receiptHandle));
  return { invoked: true, outcome: 'success', deleted: rejected.length + toDelete.length, retained: matched.length - toDelete.length };
}

/**
 * FIFO order: once a message of a group failed, the group's later messages in the batch are kept
 * too, so none of them is processed ahead of the failed one.
 */
function withLaterMessagesOfGroups(batch: readonly GatheredMessage[], failed: ReadonlySet<string>): Set<string> {
  const out = new Set(failed);
  const blockedGroups = new Set<string>();
  for (const g of batch) {
    const group = g.record.attributes.MessageGroupId ?? '';
    if (blockedGroups.has(group)) out.add(g.record.messageId);
    else if (failed.has(g.record.messageId)) blockedGroups.add(group);
  }
  return out;
}
