import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from './helpers.js';

const ARN = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;

describe('SQS FIFO queues, dead-letter redrive and move tasks (manual clock)', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const t = tributaryPerSuite({ clock });
  const sqs = clientPerSuite(t, sqsClient);
  const fifo = async (name: string, extra: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ...extra } }))).QueueUrl!;
  const receive = (QueueUrl: string, max = 10, extra: Record<string, unknown> = {}) =>
    sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: max, MessageSystemAttributeNames: ['All'], ...extra }));

  test('a group with a message in flight yields nothing more until it is deleted, and order holds within the group', async () => {
    const QueueUrl = await fifo('groups.fifo', { ContentBasedDeduplication: 'true' });
    for (const body of ['a1', 'a2', 'a3']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'A' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b1', MessageGroupId: 'B' }));
    const first = await receive(QueueUrl, 2);
    assert.deepEqual(
      first.Messages?.map((m) => m.Body),
      ['a1', 'a2'],
    );
    assert.equal(first.Messages?.[0]?.Attributes?.MessageGroupId, 'A');
    assert.ok(BigInt(first.Messages![1]!.Attributes!.SequenceNumber!) > BigInt(first.Messages![0]!.Attributes!.SequenceNumber!));
    const second = await receive(QueueUrl);
    assert.deepEqual(
      second.Messages?.map((m) => m.Body),
      ['b1'],
      'group A is blocked while a1 and a2 are in flight',
    );
    for (const m of first.Messages!) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    const third = await receive(QueueUrl);
    assert.deepEqual(
      third.Messages?.map((m) => m.Body),
      ['a3'],
    );
  });

  test('a returned in-flight message is delivered again before the rest of its group', async () => {
    const QueueUrl = await fifo('order.fifo', { ContentBasedDeduplication: 'true', VisibilityTimeout: '5' });
    for (const body of ['m1', 'm2']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'G' }));
    assert.deepEqual(
      (await receive(QueueUrl, 1)).Messages?.map((m) => m.Body),
      ['m1'],
    );
    assert.equal((await receive(QueueUrl)).Messages, undefined);
    clock.advance(5_000);
    assert.deepEqual(
      (await receive(QueueUrl, 1)).Messages?.map((m) => m.Body),
      ['m1'],
    );
  });

  test('duplicates within five minutes are accepted but delivered once, explicit and content-based', async () => {
    const QueueUrl = await fifo('dedup.fifo');
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' })), (err: Error) => {
      assert.equal(err.message, 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
      return true;
    });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' })), (err: Error) => {
      assert.equal(err.name, 'MissingParameter');
      assert.equal(err.message, 'The request must contain the parameter MessageGroupId.');
      return true;
    });
    await assert.rejects(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 3 })),
      /The request include parameter that is not valid for this queue type/,
    );
    const one = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    const two = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    assert.equal(one.MessageId, two.MessageId);
    assert.equal(one.SequenceNumber, two.SequenceNumber);
    const got = await receive(QueueUrl);
    assert.equal(got.Messages?.length, 1);
    assert.equal(got.Messages?.[0]?.Attributes?.MessageDeduplicationId, 'd');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
    clock.advance(5 * 60_000);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    assert.equal((await receive(QueueUrl)).Messages?.length, 1, 'after the window the same id is a new message');

    const cbd = await fifo('cbd.fifo', { ContentBasedDeduplication: 'true' });
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: cbd,
        Entries: [
          { Id: '1', MessageBody: 'same', MessageGroupId: 'g' },
          { Id: '2', MessageBody: 'same', MessageGroupId: 'g' },
        ],
      }),
    );
    assert.equal(batch.Successful?.length, 2);
    assert.equal(batch.Successful?.[0]?.MessageId, batch.Successful?.[1]?.MessageId);
    assert.equal((await receive(cbd)).Messages?.length, 1);
  });

  test('a FIFO batch with an entry missing its group or dedup id fails as a whole request', async () => {
    const QueueUrl = await fifo('batch-rules.fifo');
    const good = { Id: 'ok', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' };
    await assert.rejects(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [good, { Id: 'nogroup', MessageBody: 'y', MessageDeduplicationId: 'd2' }] })),
      (err: Error) => {
        // SendMessage says MissingParameter; AWS's batch says InvalidParameterValue with the same message.
        assert.equal(err.name, 'InvalidParameterValue');
        assert.equal(err.message, 'The request must contain the parameter MessageGroupId.');
        return true;
      },
    );
    await assert.rejects(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [good, { Id: 'nodedup', MessageBody: 'y', MessageGroupId: 'g' }] })),
      (err: Error) => {
        assert.equal(err.name, 'InvalidParameterValue');
        assert.match(err.message, /ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly/);
        return true;
      },
    );
    assert.equal((await receive(QueueUrl)).Messages, undefined, 'nothing from a rejected batch was sent');
  });

  test('ReceiveRequestAttemptId makes a retried FIFO receive return the same messages', async () => {
    const QueueUrl = await fifo('attempt.fifo', { ContentBasedDeduplication: 'true' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'once', MessageGroupId: 'g' }));
    const a = await receive(QueueUrl, 10, { ReceiveRequestAttemptId: 'try-1' });
    const b = await receive(QueueUrl, 10, { ReceiveRequestAttemptId: 'try-1' });
    assert.equal(a.Messages?.[0]?.ReceiptHandle, b.Messages?.[0]?.ReceiptHandle);
  });

  test('a message received maxReceiveCount times moves to the dead-letter queue on the next receive', async () => {
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'dead' }))).QueueUrl!;
    const QueueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'live',
          Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN('dead'), maxReceiveCount: 2 }) },
        }),
      )
    ).QueueUrl!;
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      assert.equal((await receive(QueueUrl)).Messages?.length, 1);
      clock.advance(1_000);
    }
    assert.equal((await receive(QueueUrl)).Messages, undefined);
    const dead = await receive(dlq);
    assert.equal(dead.Messages?.[0]?.MessageId, sent.MessageId);
    assert.equal(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn, ARN('live'));
    await assert.rejects(
      sqs.send(
        new CreateQueueCommand({
          QueueName: 'mixed.fifo',
          Attributes: { FifoQueue: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN('dead'), maxReceiveCount: 2 }) },
        }),
      ),
      /Dead-letter queue must be same type of queue as the source/,
    );
  });

  test('a message move task redrives a dead-letter queue back to its source', async () => {
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'redrive-dlq' }))).QueueUrl!;
    const src = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'redrive-src',
          Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN('redrive-dlq'), maxReceiveCount: 1 }) },
        }),
      )
    ).QueueUrl!;
    for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: src, MessageBody: `m${i}` }));
    await receive(src);
    clock.advance(1_000);
    assert.equal((await receive(src)).Messages, undefined);
    assert.equal(
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes
        ?.ApproximateNumberOfMessages,
      '3',
    );

    await assert.rejects(
      sqs.send(new StartMessageMoveTaskCommand({ SourceArn: ARN('redrive-src') })),
      /Source queue must be configured as a Dead Letter Queue/,
    );
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: ARN('redrive-dlq') }));
    assert.ok(TaskHandle);
    const done = await eventually(async () => {
      const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: ARN('redrive-dlq') }));
      return Results?.[0]?.Status === 'COMPLETED' ? Results[0] : undefined;
    });
    assert.equal(done.ApproximateNumberOfMessagesMoved, 3);
    assert.equal(done.ApproximateNumberOfMessagesToMove, 3);
    const back = await receive(src);
    assert.deepEqual(back.Messages?.map((m) => m.Body).sort(), ['m0', 'm1', 'm2']);
    await assert.rejects(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), { name: 'UnsupportedOperation' });
    await assert.rejects(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: ARN('nope') })), { name: 'ResourceNotFoundException' });
  });
});
