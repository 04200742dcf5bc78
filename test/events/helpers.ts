import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { eventually } from '../support/tributary.js';

/** Creates a queue; returns its URL and ARN. */
export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** Waits for `count` messages on the queue (bounded), deleting them. */
/** `waitSeconds` 0 under a manual clock, whose long polls would never end. */
export async function receiveMessages(sqs: SQSClient, url: string, count = 1, timeoutMs = 10_000, waitSeconds = 1): Promise<Message[]> {
  const got: Message[] = [];
  await eventually(
    async () => {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: waitSeconds,
          MessageAttributeNames: ['All'],
          AttributeNames: ['All'],
        }),
      );
      got.push(...(Messages ?? []));
      // Deleted once seen: under a manual clock an undeleted message comes back when time moves.
      if (Messages?.length)
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      return got.length >= count ? true : undefined;
    },
    timeoutMs,
    `${count} message(s) on ${url}`,
  );
  return got;
}
