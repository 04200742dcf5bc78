import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SqsPort } from '../../src/contracts.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { collect, connectEvents, observed } from '../support/observed.js';
import { sqsClient } from '../sqs/helpers.js';
import { s3Client } from '../s3/helpers.js';
import { awsError } from '../lambda/helpers.js';

const ACCOUNT = '123456789012';
const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

describe('observations of API calls and sent messages', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, sqsClient);
  const s3 = clientPerSuite(t, (url) => s3Client(url));

  test('nothing is observed while nobody subscribes', () => {
    for (const type of ['api.call', 'message.sent', 'object.event', 'invocation.finished'] as const)
      assert.equal(t.tributary.observations.wants(type), false, type);
  });

  test('every answered request is an api.call with its service, operation, status and the request id the client saw', async () => {
    const created = observed(t, 'api.call', (o) => o.operation === 'CreateQueue');
    const out = await sqs.send(new CreateQueueCommand({ QueueName: 'observed-api' }));
    const call = await created;
    assert.equal(call.ids.requestId, out.$metadata.requestId);
    assert.equal(call.service, 'sqs');
    assert.equal(call.status, 200);
    assert.equal(call.errorCode, undefined);
    assert.equal(call.accountId, ACCOUNT);
    assert.equal(call.region, 'us-east-1');
    assert.ok(call.durationMs >= 0);

    const failed = observed(t, 'api.call', (o) => o.operation === 'GetQueueUrl');
    const err = await awsError(sqs.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })));
    const failedCall = await failed;
    assert.equal(failedCall.status, 400);
    assert.equal(failedCall.errorCode, 'QueueDoesNotExist');
    assert.equal(failedCall.ids.requestId, err.error.$metadata.requestId);
  });

  test('S3 requests are observed with the S3 request id (x-amz-request-id), errors with their code', async () => {
    const calls = collect(t, ['api.call']);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'observed-bucket' }));
      const put = await s3.send(new PutObjectCommand({ Bucket: 'observed-bucket', Key: 'a.txt', Body: 'hello' }));
      const missing = await awsError(s3.send(new GetObjectCommand({ Bucket: 'observed-bucket', Key: 'nope' })));
      const [putCall, getCall] = await Promise.all([
        calls.until((o) => o.type === 'api.call' && o.operation === 'PutObject'),
        calls.until((o) => o.type === 'api.call' && o.operation === 'GetObject'),
      ]);
      assert.equal(putCall!.ids.requestId, put.$metadata.requestId);
      assert.match(put.$metadata.requestId!, /^[0-9A-F]{16}$/);
      assert.ok(putCall!.type === 'api.call' && putCall.service === 's3' && putCall.status === 200);
      assert.ok(getCall!.type === 'api.call' && getCall.status === 404 && getCall.errorCode === 'NoSuchKey');
      assert.equal(getCall!.ids.requestId, missing.error.$metadata.requestId);
    } finally {
      calls.stop();
    }
  });

  test('SendMessage and SendMessageBatch are message.sent with the request id, the message id and the queue ARN', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'observed-sent' }));
    const sent = collect(t, ['message.sent']);
    try {
      const one = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
      const batch = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: 'two' },
            { Id: 'b', MessageBody: 'three' },
          ],
        }),
      );
      const all = await sent.atLeast(3, () => true);
      assert.deepEqual(
        all.map((o) => o.type === 'message.sent' && { ids: o.ids, queueArn: o.queueArn, messageId: o.messageId, by: o.by }),
        [
          {
            ids: { requestId: one.$metadata.requestId, messageIds: [one.MessageId], sourceArn: queueArn('observed-sent') },
            queueArn: queueArn('observed-sent'),
            messageId: one.MessageId,
            by: 'SendMessage',
          },
          ...batch.Successful!.map((entry) => ({
            ids: { requestId: batch.$metadata.requestId, messageIds: [entry.MessageId], sourceArn: queueArn('observed-sent') },
            queueArn: queueArn('observed-sent'),
            messageId: entry.MessageId,
            by: 'SendMessageBatch',
          })),
        ],
      );
    } finally {
      sent.stop();
    }
  });

  test('a message sent in-process through the port is observed with the cause ids the sender gave', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'observed-port' }));
    const port = (t.tributary as unknown as { deps: { ports: { sqs: SqsPort } } }).deps.ports.sqs;
    const arrived = observed(t, 'message.sent', (o) => o.queueArn === queueArn('observed-port'));
    const { messageId } = await port.sendMessage(queueArn('observed-port'), { body: 'x', sender: 'aws:s3', causeIds: { requestId: 'CAUSE0123456789A' } });
    const o = await arrived;
    assert.deepEqual(o.ids, { requestId: 'CAUSE0123456789A', messageIds: [messageId], sourceArn: queueArn('observed-port') });
    assert.equal(o.by, 'aws:s3');
  });

  test('/_tributary/events streams them to an HTTP client, filtered by source and type', async () => {
    const { QueueUrl: wanted } = await sqs.send(new CreateQueueCommand({ QueueName: 'streamed-wanted' }));
    const { QueueUrl: other } = await sqs.send(new CreateQueueCommand({ QueueName: 'streamed-other' }));
    const client = await connectEvents(t.url, 'type=message.sent&source=streamed-wanted');
    try {
      assert.equal(t.tributary.observations.wants('api.call'), false, 'only the type asked for is subscribed');
      const arrived = observed(client, 'message.sent');
      await sqs.send(new SendMessageCommand({ QueueUrl: other, MessageBody: 'not this one' }));
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: wanted, MessageBody: 'this one' }));
      const o = await arrived;
      assert.equal(o.messageId, sent.MessageId);
      assert.equal(o.ids.requestId, sent.$metadata.requestId);
      assert.deepEqual(
        client.frames.map((f) => f.event),
        ['message.sent'],
        'the other queue is filtered out',
      );
    } finally {
      client.close();
    }
  });
});
