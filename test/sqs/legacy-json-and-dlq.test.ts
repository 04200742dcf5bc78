import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeMessageVisibilityCommand, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from './helpers.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x';

async function queryJson(url: string, params: Record<string, string>): Promise<{ status: number; type: string; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json', authorization: AUTH },
    body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
}

describe('SQS query requests that accept JSON, dead-lettered receive counts, FIFO delays and requeues', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const t = tributaryPerSuite({ clock });
  const sqs = clientPerSuite(t, sqsClient);
  let n = 0;
  const queue = async (suffix = '', attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `lj${++n}${suffix}`, Attributes: attributes }))).QueueUrl!;

  test('Accept: application/json gets the legacy JSON envelope: every result member, null when absent, keys in order', async () => {
    const QueueUrl = await queue();
    const empty = await queryJson(t.url, { Action: 'ReceiveMessage', QueueUrl });
    assert.equal(empty.status, 200);
    assert.match(empty.type, /application\/json/);
    const emptyBody = empty.body as { ReceiveMessageResponse: { ResponseMetadata: { RequestId: string } } };
    assert.deepEqual(emptyBody, {
      ReceiveMessageResponse: {
        ReceiveMessageResult: { messages: null },
        ResponseMetadata: { RequestId: emptyBody.ReceiveMessageResponse.ResponseMetadata.RequestId },
      },
    });

    const sent = (await queryJson(t.url, { Action: 'SendMessage', QueueUrl, MessageBody: 'hello' })).body as {
      SendMessageResponse: { ResponseMetadata: unknown; SendMessageResult: Record<string, unknown> };
    };
    assert.deepEqual(Object.keys(sent.SendMessageResponse), ['ResponseMetadata', 'SendMessageResult']);
    const result = sent.SendMessageResponse.SendMessageResult;
    assert.deepEqual(Object.keys(result), ['MD5OfMessageAttributes', 'MD5OfMessageBody', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber']);
    assert.equal(result.MD5OfMessageBody, '5d41402abc4b2a76b9719d911017c592');
    assert.equal(result.MD5OfMessageAttributes, null);
    assert.equal(result.SequenceNumber, null);

    const got = (await queryJson(t.url, { Action: 'ReceiveMessage', QueueUrl })).body as {
      ReceiveMessageResponse: { ReceiveMessageResult: { messages: Record<string, unknown>[] } };
    };
    const [message] = got.ReceiveMessageResponse.ReceiveMessageResult.messages;
    assert.deepEqual(Object.keys(message!), ['Attributes', 'Body', 'MD5OfBody', 'MD5OfMessageAttributes', 'MessageAttributes', 'MessageId', 'ReceiptHandle']);
    assert.equal(message!.Body, 'hello');
    assert.equal(message!.MessageId, result.MessageId);
    assert.equal(message!.MessageAttributes, null);

    const deleted = (await queryJson(t.url, { Action: 'DeleteMessage', QueueUrl, ReceiptHandle: String(message!.ReceiptHandle) })).body as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(Object.keys(deleted.DeleteMessageResponse!), ['ResponseMetadata']);
  });

  test('an error to a JSON-accepting query request is JSON with the query error code', async () => {
    const res = await queryJson(t.url, { Action: 'GetQueueUrl', QueueName: 'no-such-queue' });
    assert.equal(res.status, 400);
    const body = res.body as { Error: Record<string, string>; RequestId: string };
    assert.deepEqual(body.Error, {
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      Message: 'The specified queue does not exist for this wsdl version.',
      Type: 'Sender',
    });
    assert.equal(typeof body.RequestId, 'string');
  });

  test('a message moved to its DLQ keeps its receive count and first receive time', async () => {
    const dlq = await queue('-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const source = await queue('', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison' }));
    const names = {
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] as (
        | 'ApproximateReceiveCount'
        | 'ApproximateFirstReceiveTimestamp'
      )[],
    };
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 1, ...names }))).Messages![0]!;
    clock.advance(1_000);
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 1 }));
    clock.advance(1_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages, undefined);
    const moved = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, ...names }))).Messages![0]!;
    assert.equal(moved.Body, 'poison');
    assert.equal(moved.Attributes?.ApproximateReceiveCount, '3');
    assert.equal(moved.Attributes?.ApproximateFirstReceiveTimestamp, first.Attributes?.ApproximateFirstReceiveTimestamp);
  });

  test('FIFO: a per-message DelaySeconds of 0 is accepted and the queue delay still applies; any other value is refused', async () => {
    const QueueUrl = await queue('.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true', DelaySeconds: '5' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', MessageGroupId: 'g', DelaySeconds: 0 }));
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined, 'the queue delay holds it');
    clock.advance(5_000);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body, 'later');
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 1 })), (err: Error) => {
      assert.equal(err.name, 'InvalidParameterValue');
      assert.equal(err.message, 'Value 1 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.');
      return true;
    });
  });

  test('FIFO: messages that come back after a visibility lapse or ChangeMessageVisibility 0 keep their order in the group', async () => {
    const QueueUrl = await queue('.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    for (const body of ['1', '2', '3']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g' }));
    const batch = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 2 }))).Messages!;
    assert.deepEqual(
      batch.map((m) => m.Body),
      ['1', '2', '3'],
    );
    for (const m of [...batch].reverse()) {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    }
    const again = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }))).Messages!;
    assert.deepEqual(
      again.map((m) => m.Body),
      ['1', '2', '3'],
    );
    clock.advance(1_000);
    const lapsed = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2 }))).Messages!;
    assert.deepEqual(
      lapsed.map((m) => m.Body),
      ['1', '2'],
    );
  });
});
