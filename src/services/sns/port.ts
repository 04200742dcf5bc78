import { randomUUID } from 'node:crypto';
import type { SnsPort } from '../../contracts.js';
import type { SnsEnv } from './context.js';
import { errors } from './errors.js';
import { parseTopicArn } from './names.js';
import { checkFifoIds, checkMessage, type PublishInput, publishToTopic } from './publishing.js';

/** SNS as other services reach it: S3 notifications, async destinations, DLQs, EventBridge targets. */
export function createSnsPort(env: SnsEnv): SnsPort {
  return {
    topicExists: (arn) => parseTopicArn(arn) !== undefined && env.tables.topic(arn) !== undefined,
    async publish(topicArn, message, options = {}) {
      const parts = parseTopicArn(topicArn);
      const topic = parts ? env.tables.topic(topicArn) : undefined;
      if (!parts || !topic) throw errors.topicNotFound();
      const input: PublishInput = { Message: message };
      if (options.subject !== undefined) input.Subject = options.subject;
      if (options.messageGroupId !== undefined) input.MessageGroupId = options.messageGroupId;
      if (options.messageDeduplicationId !== undefined) input.MessageDeduplicationId = options.messageDeduplicationId;
      if (options.messageAttributes) {
        input.MessageAttributes = Object.fromEntries(
          Object.entries(options.messageAttributes).map(([name, { Type, Value }]) => [
            name,
            Type.startsWith('Binary') ? { DataType: Type, BinaryValue: Value } : { DataType: Type, StringValue: Value },
          ]),
        );
      }
      const checked = checkMessage(input);
      checkFifoIds(topic, input);
      const call = {
        accountId: parts.accountId,
        region: parts.region,
        requestId: randomUUID(),
        ...(options.traceHeader ? { traceHeader: options.traceHeader } : {}),
      };
      return { messageId: publishToTopic(env, call, topic, checked, input).messageId };
    },
  };
}
