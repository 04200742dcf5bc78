import type { SqsPort, SqsQueueInfo, SqsReceivedMessage, SqsSendRequest } from '../../contracts.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { SqsEnv } from './context.js';
import { errors } from './errors.js';
import { parseAttributes, systemAttributesOf } from './messages.js';
import { emitMessageSent } from './observe.js';
import type { Queue } from './queues.js';
import type { MessageRow } from './store.js';
import { numberAttribute, queueUrl } from './queues.js';
import { checkBody, checkMessageAttributes } from './validation.js';

/** SQS as other services see it in-process: event source mappings, destinations, notifications. */
export function createSqsPort(env: SqsEnv, endpointUrl: () => string): SqsPort {
  const queueOf = (arn: string): Queue => {
    const queue = env.registry.findByArn(arn);
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  };
  return {
    queueInfo(queueArn: string): SqsQueueInfo | undefined {
      const queue = env.registry.findByArn(queueArn);
      if (!queue) return undefined;
      return {
        arn: queue.arn,
        url: queueUrl(endpointUrl(), queue),
        fifo: queue.fifo,
        visibilityTimeoutSeconds: numberAttribute(queue, 'VisibilityTimeout'),
        region: queue.region,
        accountId: queue.accountId,
      };
    },

    async sendMessage(queueArn: string, message: SqsSendRequest) {
      const queue = queueOf(queueArn);
      const result = env.messages.send(queue, {
        body: checkBody(message.body),
        messageAttributes: checkMessageAttributes(
          message.messageAttributes && Object.fromEntries(Object.entries(message.messageAttributes).map(([k, v]) => [k, { ...v }])),
        ),
        traceHeader: message.traceHeader,
        groupId: message.messageGroupId,
        dedupId: message.messageDeduplicationId,
        delaySeconds: message.delaySeconds,
        senderId: queue.accountId,
      });
      if (env.observations.wants('message.sent')) {
        emitMessageSent(env.observations, queue, result.messageId, message.sender ?? 'tributary', message.causeIds);
      }
      return { messageId: result.messageId };
    },

    moveMessage(fromQueueArn, messageId, toQueueArn) {
      const source = queueOf(fromQueueArn);
      const target = queueOf(toQueueArn);
      const row = env.tables.db
        .prepare('SELECT * FROM sqs_messages WHERE queue_id = ? AND message_id = ? AND expires_at > ?')
        .get(source.id, messageId, env.clock.now()) as MessageRow | undefined;
      if (!row) return false;
      env.tables.db.transaction(() => {
        env.messages.copyInto(target, row, null);
        env.tables.deleteMessage.run(row.id);
      })();
      env.waiters.notify(target.id);
      if (env.observations.wants('message.sent')) emitMessageSent(env.observations, target, row.message_id, 'aws:sqs:move', undefined);
      return true;
    },

    async receive(queueArn, options): Promise<SqsReceivedMessage[]> {
      const queue = queueOf(queueArn);
      const max = Math.max(1, Math.floor(options.max));
      const deliveries = await env.messages.receive(queue, {
        max,
        waitMs: Math.max(0, options.waitMs),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        signal: options.signal,
      });
      return deliveries.map(({ row, receiptHandle }) => ({
        messageId: row.message_id,
        receiptHandle,
        body: row.body,
        md5OfBody: row.md5_body,
        ...(row.md5_attributes ? { md5OfMessageAttributes: row.md5_attributes } : {}),
        attributes: systemAttributesOf(row, queue),
        messageAttributes: parseAttributes(row.message_attributes) ?? {},
      }));
    },

    async deleteMessages(queueArn, receiptHandles) {
      const queue = queueOf(queueArn);
      env.tables.atomically(() => {
        for (const handle of receiptHandles) {
          try {
            env.messages.delete(queue, handle);
          } catch (err) {
            if (!(err instanceof AwsError)) throw err;
          }
        }
      });
    },

    async changeVisibility(queueArn, receiptHandle, visibilityTimeoutSeconds) {
      env.messages.changeVisibility(queueOf(queueArn), receiptHandle, visibilityTimeoutSeconds);
    },
  };
}
