import { isAwsError } from '../../../protocols/aws-error.js';
import type { SqsOperation } from '../context.js';
import { errors, queryCode } from '../errors.js';
import { checkBatch, checkInt } from '../validation.js';

const VISIBILITY_REASON = 'Total VisibilityTimeout for the message is beyond the limit [43200 seconds].';

function visibilityOf(value: unknown): number {
  if (value === undefined || value === null) throw errors.missingParameter('VisibilityTimeout');
  return checkInt(value, 'VisibilityTimeout', 0, 43_200, VISIBILITY_REASON)!;
}

export const deleteMessage: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  env.messages.delete(queue, input.ReceiptHandle);
  return undefined;
};

export const changeMessageVisibility: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  env.messages.changeVisibility(queue, input.ReceiptHandle, visibilityOf(input.VisibilityTimeout));
  return undefined;
};

type Entry = { Id: string; ReceiptHandle?: unknown; VisibilityTimeout?: unknown };

function batch(entries: Entry[], apply: (entry: Entry) => void): { Successful: Record<string, unknown>[]; Failed: Record<string, unknown>[] } {
  const Successful: Record<string, unknown>[] = [];
  const Failed: Record<string, unknown>[] = [];
  for (const entry of entries) {
    try {
      apply(entry);
      Successful.push({ Id: entry.Id });
    } catch (err) {
      if (!isAwsError(err)) throw err;
      Failed.push({ Id: entry.Id, SenderFault: err.fault === 'Sender', Code: queryCode(err), Message: err.message });
    }
  }
  return { Successful, Failed };
}

export const deleteMessageBatch: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const entries = checkBatch<Entry>(input.Entries, 'DeleteMessageBatchRequestEntry');
  return env.tables.db.transaction(() => batch(entries, (e) => env.messages.delete(queue, e.ReceiptHandle)))();
};

export const changeMessageVisibilityBatch: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const entries = checkBatch<Entry>(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
  return env.tables.db.transaction(() => batch(entries, (e) => env.messages.changeVisibility(queue, e.ReceiptHandle, visibilityOf(e.VisibilityTimeout))))();
};

export const purgeQueue: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  if (queue.purgedAt !== null && env.clock.now() - queue.purgedAt < 60_000) throw errors.purgeInProgress(queue.name);
  env.messages.purge(queue);
  env.registry.refresh(queue.id);
  return undefined;
};
