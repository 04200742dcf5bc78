/**
 * SQS acknowledgement: success deletes the batch; an error, timeout, throttle or stopped loop
 * deletes nothing (the messages return after the queue's visibility timeout, so the receive count
 * and the queue's redrive apply). With ReportBatchItemFailures only the reported messages return
 * (on a FIFO queue, with the later messages of their groups). Filtered messages are deleted.
 */
import type { GatewayOutcome } from '../../gateway/types.js';
import { readBatchItemFailures } from '../batch-item-failures.js';
import type { Acknowledger, BatchSettlement } from '../core/types.js';
import type { EventSourceMapping } from '../model.js';
import type { RunnerContext } from '../source-kind.js';
import type { SqsGathered } from './poller.js';

export class SqsAcknowledger implements Acknowledger<SqsGathered> {
  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly ctx: RunnerContext,
    private readonly fifo: () => boolean,
  ) {}

  async dropFiltered(records: readonly SqsGathered[]): Promise<void> {
    await this.delete(records);
  }

  async settle(records: readonly SqsGathered[], outcome: GatewayOutcome | undefined): Promise<BatchSettlement> {
    const all = records.length;
    if (outcome?.kind !== 'success') {
      const failed = outcome?.kind === 'function-error' ? all : 0;
      return { failed, returned: all };
    }
    let toDelete: readonly SqsGathered[] = records;
    let failed = 0;
    if (this.mapping.functionResponseTypes.includes('ReportBatchItemFailures')) {
      const read = readBatchItemFailures(outcome.payload, new Set(records.map((g) => g.id)));
      if (read.kind === 'batch-failed') return { failed: all, returned: all };
      failed = read.ids.size;
      const kept = this.fifo() ? withLaterMessagesOfGroups(records, read.ids) : read.ids;
      if (kept.size > 0) toDelete = records.filter((g) => !kept.has(g.id));
    }
    await this.delete(toDelete);
    return { failed, returned: all - toDelete.length };
  }

  private async delete(records: readonly SqsGathered[]): Promise<void> {
    const sqs = this.ctx.deps.ports.sqs;
    if (!sqs || records.length === 0) return;
    await sqs.deleteMessages(
      this.mapping.eventSourceArn,
      records.map((g) => g.message.receiptHandle),
    );
  }
}

/**
 * FIFO order: once a message of a group failed, the group's later messages in the batch are kept
 * too, so none of them is processed ahead of the failed one.
 */
function withLaterMessagesOfGroups(batch: readonly SqsGathered[], failed: ReadonlySet<string>): Set<string> {
  const out = new Set(failed);
  const blockedGroups = new Set<string>();
  for (const g of batch) {
    const group = g.record.attributes.MessageGroupId ?? '';
    if (blockedGroups.has(group)) out.add(g.id);
    else if (failed.has(g.id)) blockedGroups.add(group);
  }
  return out;
}
