import { isAwsError } from '../../../protocols/aws-error.js';
import type { SqsCall, SqsEnv, SqsInput, SqsOperation } from '../context.js';
import { errors, queryCode } from '../errors.js';
import type { SendResult } from '../messages.js';
import { emitMessageSent } from '../observe.js';
import type { Queue } from '../queues.js';
import { checkBatch, checkBody, checkFifoId, checkInt, checkMessageAttributes } from '../validation.js';

const MAX_BATCH_BYTES = 1_048_576;

function sendOne(env: SqsEnv, queue: Queue, input: SqsInput, call: SqsCall): SendResult {
  const body = checkBody(input.MessageBody);
  const delaySeconds = checkInt(input.DelaySeconds, 'DelaySeconds', 0, 900, 'DelaySeconds must be >= 0 and <= 900.');
  const messageAttributes = checkMessageAttributes(input.MessageAttributes);
  const systemAttributes = checkMessageAttributes(input.MessageSystemAttributes, 'system');
  const result = env.messages.send(queue, {
    body,
    delaySeconds,
    messageAttributes,
    systemAttributes,
    traceHeader: call.traceHeader,
    groupId: checkFifoId(input.MessageGroupId, 'MessageGroupId'),
    dedupId: checkFifoId(input.MessageDeduplicationId, 'MessageDeduplicationId'),
    senderId: call.ctx.accountId,
  });
  if (env.observations.wants('message.sent')) {
    emitMessageSent(env.observations, queue, result.messageId, call.ctx.operation ?? 'SendMessage', { requestId: call.ctx.requestId });
  }
  return result;
}

function resultShape(result: SendResult): Record<string, unknown> {
  return {
    MessageId: result.messageId,
    MD5OfMessageBody: result.md5OfBody,
    ...(result.md5OfMessageAttributes ? { MD5OfMessageAttributes: result.md5OfMessageAttributes } : {}),
    ...(result.md5OfMessageSystemAttributes ? { MD5OfMessageSystemAttributes: result.md5OfMessageSystemAttributes } : {}),
    ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
  };
}

export const sendMessage: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  return resultShape(sendOne(env, queue, input, call));
};

// A FIFO entry without a group id, or without a dedup id on a queue without content-based
// deduplication, fails the whole request on AWS rather than just that entry.
function checkFifoBatch(queue: Queue, entries: SqsInput[]): void {
  if (entries.some((entry) => !entry.MessageGroupId)) throw errors.invalidParameterValue('The request must contain the parameter MessageGroupId.');
  if (queue.attributes.ContentBasedDeduplication !== 'true' && entries.some((entry) => !entry.MessageDeduplicationId)) {
    throw errors.invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  }
}

export const sendMessageBatch: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const entries = checkBatch<SqsInput & { Id: string }>(input.Entries, 'SendMessageBatchRequestEntry');
  let total = 0;
  for (const entry of entries) {
    total += typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0;
    for (const [name, value] of Object.entries((entry.MessageAttributes ?? {}) as Record<string, Record<string, unknown>>)) {
      total += Buffer.byteLength(name) + Buffer.byteLength(String(value?.DataType ?? ''));
      total += typeof value?.StringValue === 'string' ? Buffer.byteLength(value.StringValue) : 0;
      total += typeof value?.BinaryValue === 'string' ? Buffer.from(value.BinaryValue, 'base64').length : 0;
    }
  }
  if (total > MAX_BATCH_BYTES) throw errors.batchTooLong(MAX_BATCH_BYTES, total);
  if (queue.fifo) checkFifoBatch(queue, entries);
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  // One commit for the whole batch (each entry's own transaction becomes a savepoint, so a failing
  // entry still rolls back alone): per-entry commits were the largest cost of SendMessageBatch.
  env.tables.db.transaction(() => {
    for (const entry of entries) {
      try {
        successful.push({ Id: entry.Id, ...resultShape(sendOne(env, queue, entry, call)) });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        failed.push({ Id: entry.Id, SenderFault: err.fault === 'Sender', Code: queryCode(err), Message: err.message });
      }
    }
  })();
  // AWS leaves out an empty Failed list.
  return failed.length > 0 ? { Successful: successful, Failed: failed } : { Successful: successful };
};
