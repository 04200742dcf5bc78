import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { md5OfAttributes } from '../../src/services/sqs/md5.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from './helpers.js';

describe('SQS standard queue messages through the AWS SDK (manual clock)', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const t = tributaryPerSuite({ clock });
  const sqs = clientPerSuite(t, sqsClient);
  let n = 0;
  const newQueue = async (attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `q${++n}`, Attributes: attributes }))).QueueUrl!;
  const counts = async (QueueUrl: string) => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;

  test('a sent message is received once with its attributes and MD5s, then hidden until deleted', async () => {
    const QueueUrl = await newQueue();
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'Test message.',
        MessageAttributes: {
          Author: { DataType: 'String', StringValue: 'John Grisham' },
          Title: { DataType: 'String', StringValue: 'The Whistler' },
          WeeksOn: { DataType: 'Number', StringValue: '6' },
          Blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );
    assert.equal(sent.MD5OfMessageBody, 'e4e68fb7bd0e697a0ae8f1bb342846b3');
    assert.ok(sent.MD5OfMessageAttributes);
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], MaxNumberOfMessages: 10 }),
    );
    assert.equal(got.Messages?.length, 1);
    const m = got.Messages![0]!;
    assert.equal(m.MessageId, sent.MessageId);
    assert.equal(m.Body, 'Test message.');
    assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.equal(m.MessageAttributes?.WeeksOn?.StringValue, '6');
    assert.deepEqual([...(m.MessageAttributes?.Blob?.BinaryValue ?? [])], [1, 2, 3]);
    assert.equal(m.Attributes?.ApproximateReceiveCount, '1');
    assert.equal(m.Attributes?.SentTimestamp, String(clock.now()));
    assert.equal(m.Attributes?.SenderId, '123456789012');
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessagesNotVisible, '1');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    clock.advance(31_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
  });

  test('an undeleted message comes back after the visibility timeout with a higher receive count', async () => {
    const QueueUrl = await newQueue({ VisibilityTimeout: '10' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '1');
    clock.advance(9_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    clock.advance(1_000);
    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] }),
    );
    assert.equal(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
    assert.equal(second.Messages?.[0]?.Attributes?.ApproximateFirstReceiveTimestamp, String(clock.now() - 10_000));
    // The first receipt handle is stale: deleting with it succeeds but deletes nothing, as in AWS.
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle }));
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessagesNotVisible, '1');
  });

  test('ChangeMessageVisibility restarts the timer from the call, and 0 makes the message visible at once', async () => {
    const QueueUrl = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'vis' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 100 }));
    const ReceiptHandle = Messages![0]!.ReceiptHandle!;
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 5 }));
    assert.equal(again.Messages?.length, 1);
    clock.advance(6_000);
    // On a standard queue a handle still works after its visibility lapsed, as on AWS.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: again.Messages![0]!.ReceiptHandle, VisibilityTimeout: 10 }));
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: 'garbage', VisibilityTimeout: 10 })), (err: Error) => {
      assert.equal(err.name, 'ReceiptHandleIsInvalid');
      assert.equal(err.message, 'The input receipt handle "garbage" is not a valid receipt handle.');
      return true;
    });
  });

  test('ChangeMessageVisibility cannot keep a message hidden beyond 12 hours from its receive', async () => {
    const QueueUrl = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'long' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    const ReceiptHandle = Messages![0]!.ReceiptHandle!;
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 43_200 }));
    clock.advance(3_600_000);
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 43_200 })), (err: Error) => {
      assert.equal(err.name, 'InvalidParameterValue');
      assert.equal(
        err.message,
        'Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].',
      );
      return true;
    });
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 39_600 }));
    const batch = await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: [{ Id: 'over', ReceiptHandle, VisibilityTimeout: 39_601 }] }));
    assert.equal(batch.Failed?.[0]?.Code, 'InvalidParameterValue');
  });

  test('queue and message delays hold messages back until they are due', async () => {
    const QueueUrl = await newQueue({ DelaySeconds: '5' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'queue-delay' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'own-delay', DelaySeconds: 20 }));
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessagesDelayed, '2');
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    clock.advance(5_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.[0]?.Body, 'queue-delay');
    clock.advance(15_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.[0]?.Body, 'own-delay');
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', DelaySeconds: 901 })), (err: Error) => {
      assert.equal(err.name, 'InvalidParameterValue');
      assert.equal(err.message, 'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.');
      return true;
    });
  });

  test('messages older than the retention period are gone', async () => {
    const QueueUrl = await newQueue({ MessageRetentionPeriod: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'old' }));
    clock.advance(61_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessages, '0');
  });

  test('batch send, delete and visibility change report per-entry success and failure', async () => {
    const QueueUrl = await newQueue();
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
          { Id: 'c', MessageBody: 'bad', DelaySeconds: 1000 },
        ],
      }),
    );
    assert.deepEqual(
      sent.Successful?.map((e) => e.Id),
      ['a', 'b'],
    );
    assert.equal(sent.Failed?.[0]?.Id, 'c');
    assert.equal(sent.Failed?.[0]?.Code, 'InvalidParameterValue');
    assert.equal(sent.Failed?.[0]?.SenderFault, true);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    assert.equal(Messages?.length, 2);
    const vis = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'x', ReceiptHandle: Messages![0]!.ReceiptHandle!, VisibilityTimeout: 60 },
          { Id: 'y', ReceiptHandle: 'nope', VisibilityTimeout: 60 },
        ],
      }),
    );
    assert.deepEqual(
      vis.Successful?.map((e) => e.Id),
      ['x'],
    );
    assert.equal(vis.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    assert.equal(del.Successful?.length, 2);
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessagesNotVisible, '0');
  });

  test('malformed batches are rejected as a whole with AWS errors', async () => {
    const QueueUrl = await newQueue();
    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    await assert.rejects(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries })), (err: Error) => {
      assert.equal(err.name, 'TooManyEntriesInBatchRequest');
      assert.equal(err.message, 'Maximum number of entries per request are 10. You have sent 11.');
      return true;
    });
    await assert.rejects(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] })), { name: 'EmptyBatchRequest' });
    await assert.rejects(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'same', MessageBody: 'a' },
            { Id: 'same', MessageBody: 'b' },
          ],
        }),
      ),
      { name: 'BatchEntryIdsNotDistinct' },
    );
    await assert.rejects(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'bad id!', MessageBody: 'a' }] })), (err: Error) => {
      assert.equal(err.name, 'InvalidBatchEntryId');
      assert.equal(err.message, 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
      return true;
    });
    const big = 'x'.repeat(600_000);
    await assert.rejects(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: big },
            { Id: 'b', MessageBody: big },
          ],
        }),
      ),
      { name: 'BatchRequestTooLong' },
    );
  });

  test('invalid bodies, sizes and parameters are rejected', async () => {
    const QueueUrl = await newQueue({ MaximumMessageSize: '1024' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bad \u0001 char' })), { name: 'InvalidMessageContents' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1025) })), (err: Error) => {
      assert.equal(err.message, 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
      return true;
    });
    await assert.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })), (err: Error) => {
      assert.equal(err.message, 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.');
      return true;
    });
    await assert.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 })), /WaitTimeSeconds is invalid/);
    await assert.rejects(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } })),
      { name: 'InvalidParameterValue' },
    );
  });

  test('PurgeQueue removes the messages and refuses a second purge within 60 seconds', async () => {
    const QueueUrl = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'p' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    assert.equal((await counts(QueueUrl)).ApproximateNumberOfMessages, '0');
    await assert.rejects(sqs.send(new PurgeQueueCommand({ QueueUrl })), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'PurgeQueueInProgress');
      assert.equal(err.$metadata?.httpStatusCode, 403);
      return true;
    });
    clock.advance(60_000);
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
  });

  test('an AWSTraceHeader system attribute is stored, digested and returned', async () => {
    const QueueUrl = await newQueue();
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'traced', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } } }),
    );
    assert.equal(sent.MD5OfMessageSystemAttributes, md5OfAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: trace } }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['AWSTraceHeader'] }));
    assert.deepEqual(Messages?.[0]?.Attributes, { AWSTraceHeader: trace });
  });

  test('a queue URL with an sqs.<region> host addresses that region', async () => {
    const west = sqsClient(t.url, 'eu-west-1');
    try {
      await west.send(new CreateQueueCommand({ QueueName: 'hosted' }));
    } finally {
      west.destroy();
    }
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: 'http://sqs.eu-west-1.localhost:4566/123456789012/hosted', MessageBody: 'hi' }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok(((await res.json()) as { MessageId?: string }).MessageId);
  });

  test('message attribute names select by exact name and by prefix', async () => {
    const QueueUrl = await newQueue();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'attrs',
        MessageAttributes: {
          'order.id': { DataType: 'String', StringValue: '1' },
          'order.total': { DataType: 'Number', StringValue: '9.5' },
          other: { DataType: 'String', StringValue: 'o' },
        },
      }),
    );
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['order.*'], VisibilityTimeout: 0 }));
    assert.deepEqual(Object.keys(Messages![0]!.MessageAttributes!).sort(), ['order.id', 'order.total']);
    const none = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(none.Messages![0]!.MessageAttributes, undefined);
  });
});

describe('SQS long polling (real clock)', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, sqsClient);

  test('a waiting ReceiveMessage wakes as soon as a message is sent', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const started = Date.now();
    const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake' }));
    const got = await pending;
    assert.equal(got.Messages?.[0]?.Body, 'wake');
    assert.ok(Date.now() - started < 10_000, 'the receive returned long before its 20 s wait');
  });

  test('a waiting ReceiveMessage returns a message whose visibility timeout expires during the wait', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll-vis' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'back' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1 }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
  });

  test('a long poll on an empty queue returns empty when its wait ends', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll-empty' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    assert.equal(got.Messages, undefined);
  });
});
