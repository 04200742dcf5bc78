import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { md5OfAttributes } from '../../src/services/sqs/md5.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { queryPost, sqsClient, xmlValue } from './helpers.js';

const SIGNED_JSON = {
  'content-type': 'application/x-amz-json-1.0',
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x',
};

describe('SQS answers as AWS answers', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const t = tributaryPerSuite({ clock });
  const sqs = clientPerSuite(t, sqsClient);
  let n = 0;
  const queue = async (suffix = '', attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `fid${++n}${suffix}`, Attributes: attributes }))).QueueUrl!;
  const fifo = (attributes: Record<string, string> = {}) => queue('.fifo', { FifoQueue: 'true', ...attributes });

  test('a standard queue knows no FifoQueue attribute, not even false; a FIFO queue takes FifoQueue=true again', async () => {
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'std-fifo-false', Attributes: { FifoQueue: 'false' } })), (err: Error) => {
      assert.equal(err.name, 'InvalidAttributeName');
      assert.equal(err.message, 'Unknown Attribute FifoQueue.');
      return true;
    });
    const QueueUrl = await fifo();
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { FifoQueue: 'true' } }));
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['FifoQueue'] }))).Attributes;
    assert.deepEqual(attributes, { FifoQueue: 'true' });
  });

  test('KmsDataKeyReusePeriodSeconds is listed only when it was set', async () => {
    const QueueUrl = await queue('', { KmsMasterKeyId: 'alias/aws/sqs' });
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
    assert.equal(attributes.KmsMasterKeyId, 'alias/aws/sqs');
    assert.equal('KmsDataKeyReusePeriodSeconds' in attributes, false);
  });

  test('AddPermission writes a policy in the 2008-10-17 language version', async () => {
    const QueueUrl = await queue();
    await sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'p1', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    assert.equal(JSON.parse(Attributes!.Policy!).Version, '2008-10-17');
  });

  test('JSON SendMessageBatch leaves out an empty Failed list', async () => {
    const QueueUrl = await queue();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { ...SIGNED_JSON, 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
      body: JSON.stringify({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x' }] }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(body), ['Successful']);
  });

  test('an empty query ReceiveMessage is a self-closing result element', async () => {
    const QueueUrl = await queue();
    const res = await queryPost(t.url, { Action: 'ReceiveMessage', QueueUrl });
    assert.match(res.body, /<ReceiveMessageResult\/>/);
  });

  test('a queue URL is no endpoint for CreateQueue or ListQueues, and without an Action is 404 UnknownOperationException', async () => {
    const QueueUrl = await queue();
    const path = new URL(QueueUrl).pathname;
    for (const Action of ['CreateQueue', 'ListQueues']) {
      const res = await queryPost(t.url, { Action, QueueName: 'other' }, path);
      assert.equal(res.status, 400);
      assert.equal(xmlValue(res.body, 'Code'), 'InvalidAction');
      assert.equal(xmlValue(res.body, 'Message'), `The action ${Action} is not valid for this endpoint.`);
    }
    const bare = await fetch(`${t.url}${path}`, { headers: { authorization: SIGNED_JSON.authorization } });
    assert.equal(bare.status, 404);
    assert.match(await bare.text(), /UnknownOperationException/);
  });

  test('PurgeQueue forgets the FIFO deduplication ids', async () => {
    const QueueUrl = await fifo();
    const message = { QueueUrl, MessageBody: 'once', MessageGroupId: 'g', MessageDeduplicationId: 'd' };
    await sqs.send(new SendMessageCommand(message));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    clock.advance(1);
    await sqs.send(new SendMessageCommand(message));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(got.Messages?.[0]?.Body, 'once');
  });

  test('receipt handles: a standard queue takes an older handle, a FIFO queue calls a lapsed one expired, a deleted message is not in flight', async () => {
    const standard = await queue();
    await sqs.send(new SendMessageCommand({ QueueUrl: standard, MessageBody: 's' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: standard, VisibilityTimeout: 1 }))).Messages![0]!;
    clock.advance(1_000);
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: standard, VisibilityTimeout: 30 }))).Messages![0]!;
    assert.notEqual(first.ReceiptHandle, second.ReceiptHandle);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: standard, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 40 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: standard, ReceiptHandle: second.ReceiptHandle }));
    await assert.rejects(
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: standard, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 5 })),
      (err: Error) => {
        assert.equal(err.name, 'MessageNotInflight');
        assert.equal(err.message, 'Message does not exist or is not available for visibility timeout change.');
        return true;
      },
    );

    const QueueUrl = await fifo();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'f1' }));
    const taken = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1 }))).Messages![0]!;
    clock.advance(1_000);
    for (const command of [
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: taken.ReceiptHandle, VisibilityTimeout: 5 }),
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: taken.ReceiptHandle }),
    ]) {
      await assert.rejects(sqs.send(command as ChangeMessageVisibilityCommand), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.$metadata?.httpStatusCode, 400);
        assert.match(err.message, /The receipt handle has expired\.$/);
        return true;
      });
    }
  });

  test('MD5OfMessageAttributes comes only with returned attributes and covers just those', async () => {
    const QueueUrl = await queue();
    const attributes = { a: { DataType: 'String', StringValue: '1' }, b: { DataType: 'Number', StringValue: '2' } };
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageAttributes: attributes }));
    const none = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }))).Messages![0]!;
    assert.equal(none.MD5OfMessageAttributes, undefined);
    assert.equal(none.MessageAttributes, undefined);
    const some = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0, MessageAttributeNames: ['a'] }))).Messages![0]!;
    assert.deepEqual(Object.keys(some.MessageAttributes ?? {}), ['a']);
    assert.equal(some.MD5OfMessageAttributes, md5OfAttributes({ a: attributes.a }));
    const all = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }))).Messages![0]!;
    assert.equal(all.MD5OfMessageAttributes, md5OfAttributes(attributes));
  });

  test('a deleted queue holds its name for 60 seconds', async () => {
    const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'held-name' }))).QueueUrl!;
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'held-name' })), (err: Error) => {
      assert.equal(err.name, 'QueueDeletedRecently');
      assert.equal(err.message, 'You must wait 60 seconds after deleting a queue before you can create another with the same name.');
      return true;
    });
    clock.advance(60_000);
    assert.equal((await sqs.send(new CreateQueueCommand({ QueueName: 'held-name' }))).QueueUrl, QueueUrl);
  });

  test('FIFO: one receive gives a group its messages together, a busy group is skipped, and a delete wakes a long poll for it', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    for (const [group, body] of [
      ['g1', 'a'],
      ['g2', 'x'],
      ['g1', 'b'],
      ['g2', 'y'],
    ]) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
    }
    const all = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    assert.deepEqual(
      all.Messages?.map((m) => m.Body),
      ['a', 'b', 'x', 'y'],
    );
    clock.advance(1);
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 30 }))).Messages![0]!;
    assert.equal(first.Body, 'a');
    const other = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 30 }))).Messages![0]!;
    assert.equal(other.Body, 'x', 'g1 is busy while a is in flight');
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, VisibilityTimeout: 30 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.ReceiptHandle }));
    assert.equal((await waiting).Messages?.[0]?.Body, 'b');
  });

  test('message attribute names may use letters beyond ASCII', async () => {
    const QueueUrl = await queue();
    const MessageAttributes = { größe: { DataType: 'String', StringValue: 'L' }, 名前: { DataType: 'String', StringValue: 'x' } };
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'u', MessageAttributes }));
    const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }))).Messages![0]!;
    assert.deepEqual(Object.keys(got.MessageAttributes ?? {}).sort(), ['größe', '名前'].sort());
  });
});
