import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from '../sqs/helpers.js';

describe('ReceiveMessage with VisibilityTimeout=0', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, sqsClient);

  test('never returns one message twice in one response, nor counts it received twice', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'vt-zero' }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })) }));
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    const ids = got.Messages!.map((m) => m.MessageId);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3, `duplicates in ${ids.join(', ')}`);
    assert.deepEqual(
      got.Messages!.map((m) => m.Attributes?.ApproximateReceiveCount),
      ['1', '1', '1'],
    );
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    assert.deepEqual(
      again.Messages!.map((m) => m.Attributes?.ApproximateReceiveCount),
      ['2', '2', '2'],
    );
  });

  test('does not redrive a message to the dead-letter queue within a single receive', async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'vt-zero-dlq' }));
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'vt-zero-src', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) } }),
    );
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'only', MessageBody: 'once' }] }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    assert.equal(got.Messages?.length, 1);
    const dlqCount = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!;
    assert.equal(dlqCount.ApproximateNumberOfMessages, '0');
  });
});
