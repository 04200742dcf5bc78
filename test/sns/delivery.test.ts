import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { createRequire } from 'node:module';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { collect, observed } from '../support/observed.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { ACCOUNT, createQueue, httpSubscriber, receive, snsClient, sqsClient } from './helpers.js';

const MessageValidator = createRequire(import.meta.url)('sns-validator') as new (
  hostPattern?: RegExp,
) => { validate(message: unknown, cb: (err: Error | null, message?: unknown) => void): void };

function validate(message: unknown): Promise<void> {
  // The certificate host is Tributary's HTTPS listener on loopback, not sns.<region>.amazonaws.com.
  const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
  return new Promise((resolve, reject) => validator.validate(message, (err) => (err ? reject(err) : resolve())));
}

describe('SNS deliveries to SQS and HTTP', () => {
  const t = tributaryPerSuite();
  const sns = clientPerSuite(t, snsClient);
  const sqs = clientPerSuite(t, sqsClient);
  const closers: (() => Promise<void>)[] = [];
  before(() => {
    endpoint = t.url;
  });
  after(async () => {
    for (const close of closers) await close();
  });

  test('a queue subscriber gets the JSON envelope, field for field and in AWS order, signed', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'envelope' }));
    const queue = await createQueue(sqs, 'envelope-q');
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    assert.match(SubscriptionArn!, new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    const published = await sns.send(
      new PublishCommand({
        TopicArn,
        Message: '{"orderId":"A-1"}',
        Subject: 'Order placed',
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'acme' },
          price: { DataType: 'Number', StringValue: '12.5' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
          tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
        },
      }),
    );
    const [message] = await receive(sqs, queue.url, 1);
    const body = JSON.parse(message!.Body!);
    assert.deepEqual(Object.keys(body), [
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    assert.equal(body.Type, 'Notification');
    assert.equal(body.MessageId, published.MessageId);
    assert.equal(body.TopicArn, TopicArn);
    assert.equal(body.Subject, 'Order placed');
    assert.equal(body.Message, '{"orderId":"A-1"}');
    assert.match(body.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(body.SignatureVersion, '1');
    assert.match(body.SigningCertURL, /^https:\/\/127\.0\.0\.1:\d+\/SimpleNotificationService-[0-9a-f]+\.pem$/);
    assert.equal(body.UnsubscribeURL, `${t.url}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    assert.deepEqual(body.MessageAttributes, {
      tenant: { Type: 'String', Value: 'acme' },
      price: { Type: 'Number', Value: '12.5' },
      blob: { Type: 'Binary', Value: 'AAEC' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
    });
    const ca = await fetchCertificate(body.SigningCertURL);
    https.globalAgent.options.ca = ca;
    await validate(body);
    await assert.rejects(validate({ ...body, Message: 'tampered' }), /signature is invalid/);
  });

  test('SignatureVersion 2 signs with SHA256, and sns-validator verifies it', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sha256', Attributes: { SignatureVersion: '2' } }));
    const queue = await createQueue(sqs, 'sha256-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
    const [message] = await receive(sqs, queue.url, 1);
    const body = JSON.parse(message!.Body!);
    assert.equal(body.SignatureVersion, '2');
    assert.equal('Subject' in body, false);
    assert.equal('MessageAttributes' in body, false);
    https.globalAgent.options.ca = await fetchCertificate(body.SigningCertURL);
    await validate(body);
  });

  test('raw message delivery puts the bare message and its attributes on the queue', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'raw' }));
    const queue = await createQueue(sqs, 'raw-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(
      new PublishCommand({
        TopicArn,
        Message: 'plain text',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'k' }, n: { DataType: 'Number', StringValue: '3' } },
      }),
    );
    const [message] = await receive(sqs, queue.url, 1);
    assert.equal(message!.Body, 'plain text');
    assert.deepEqual(message!.MessageAttributes?.kind, { DataType: 'String', StringValue: 'k' });
    assert.deepEqual(message!.MessageAttributes?.n, { DataType: 'Number', StringValue: '3' });
  });

  test('filter policies on attributes and on the body pass some messages and drop others, observed', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'filtered' }));
    const byAttributes = await createQueue(sqs, 'filter-attrs');
    const byBody = await createQueue(sqs, 'filter-body');
    const attrPolicy = { store: ['eu-1', { prefix: 'us-' }], price: [{ numeric: ['>=', 100] }], vip: [{ exists: false }] };
    const bodyPolicy = { order: { status: ['paid'], total: [{ numeric: ['>', 10] }] } };
    const attrSub = await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: byAttributes.arn,
        Attributes: { FilterPolicy: JSON.stringify(attrPolicy), RawMessageDelivery: 'true' },
      }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: byBody.arn,
        Attributes: { FilterPolicy: JSON.stringify(bodyPolicy), FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' },
      }),
    );
    const got = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: attrSub.SubscriptionArn }));
    assert.equal(got.Attributes?.FilterPolicyScope, 'MessageAttributes');
    const watching = collect(t, ['sns.filtered']);
    const attr = (store: string, price: string) => ({ store: { DataType: 'String', StringValue: store }, price: { DataType: 'Number', StringValue: price } });
    await sns.send(new PublishCommand({ TopicArn, Message: 'a1', MessageAttributes: attr('us-west', '150') }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'a2', MessageAttributes: attr('ap-1', '150') }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'a3', MessageAttributes: attr('eu-1', '99') }));
    await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: 'paid', total: 11 } }), MessageAttributes: attr('eu-1', '100') }));
    await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: 'open', total: 50 } }) }));
    const attrs = await receive(sqs, byAttributes.url, 2);
    assert.deepEqual(attrs.map((m) => m.Body).sort(), ['a1', JSON.stringify({ order: { status: 'paid', total: 11 } })].sort());
    const bodies = await receive(sqs, byBody.url, 1);
    assert.deepEqual(JSON.parse(bodies[0]!.Body!), { order: { status: 'paid', total: 11 } });
    await watching.atLeast(7, () => true);
    watching.stop();
  });

  test('a FIFO topic keeps each group in order into a FIFO queue, with sequence numbers and deduplication', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const queue = await createQueue(sqs, 'orders-q.fifo', { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const sequences: string[] = [];
    for (let i = 0; i < 12; i++) {
      const sent = await sns.send(new PublishCommand({ TopicArn, Message: `g${i % 2}-${i}`, MessageGroupId: `g${i % 2}` }));
      assert.match(sent.SequenceNumber!, /^\d{20}$/);
      sequences.push(sent.SequenceNumber!);
    }
    assert.deepEqual([...sequences].sort(), sequences);
    const again = await sns.send(new PublishCommand({ TopicArn, Message: 'g0-0', MessageGroupId: 'g0' }));
    assert.equal(again.SequenceNumber, sequences[0]);
    const got: string[] = [];
    while (got.length < 12) {
      const batch = await receive(sqs, queue.url, 1);
      for (const m of batch) {
        got.push(m.Body!);
        assert.equal(m.Attributes?.MessageGroupId, m.Body!.slice(0, 2));
      }
      await Promise.all(batch.map((m) => sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: m.ReceiptHandle }))));
    }
    for (const group of ['g0', 'g1']) {
      const inGroup = got.filter((b) => b.startsWith(group));
      assert.deepEqual(
        inGroup,
        [...inGroup].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])),
      );
      assert.equal(inGroup.length, 6);
    }
  });

  test('a message that cannot reach its queue goes to the subscription redrive queue, observed as a DLQ move', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'redrive' }));
    const dlq = await createQueue(sqs, 'redrive-dlq');
    const gone = `arn:aws:sqs:us-east-1:${ACCOUNT}:never-created`;
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: gone, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) } }),
    );
    const moved = observed(t, 'dlq.moved', (o) => o.targetArn === dlq.arn);
    const sent = await sns.send(new PublishCommand({ TopicArn, Message: 'lost' }));
    const o = await moved;
    assert.deepEqual(o.ids.messageIds, [sent.MessageId]);
    assert.equal(o.delivered, true);
    const [message] = await receive(sqs, dlq.url, 1);
    const body = JSON.parse(message!.Body!);
    assert.equal(body.MessageId, sent.MessageId);
    assert.equal(body.Message, 'lost');
  });

  test('an HTTP subscriber confirms through the SubscribeURL, then gets signed notifications with AWS headers', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'webhook' }));
    const hook = await httpSubscriber();
    closers.push(hook.close);
    const subscribed = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: hook.url }));
    assert.equal(subscribed.SubscriptionArn, 'pending confirmation');
    const [confirmation] = await hook.received(1);
    assert.equal(confirmation!.headers['x-amz-sns-message-type'], 'SubscriptionConfirmation');
    assert.equal(confirmation!.headers['x-amz-sns-topic-arn'], TopicArn);
    assert.equal(confirmation!.headers['x-amz-sns-subscription-arn'], undefined);
    assert.equal(confirmation!.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.equal(confirmation!.headers['user-agent'], 'Amazon Simple Notification Service Agent');
    const handshake = JSON.parse(confirmation!.body);
    assert.deepEqual(Object.keys(handshake), [
      'Type',
      'MessageId',
      'Token',
      'TopicArn',
      'Message',
      'SubscribeURL',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
    ]);
    assert.equal(confirmation!.headers['x-amz-sns-message-id'], handshake.MessageId);
    https.globalAgent.options.ca = await fetchCertificate(handshake.SigningCertURL);
    await validate(handshake);
    // The SubscribeURL works as a plain GET against Tributary, as a browser or curl would follow it.
    const visited = await fetch(handshake.SubscribeURL);
    assert.equal(visited.status, 200);
    const xml = await visited.text();
    const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(xml)?.[1];
    assert.match(arn!, new RegExp(`^${TopicArn}:`));
    const again = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: handshake.Token }));
    assert.equal(again.SubscriptionArn, arn);
    const sent = await sns.send(new PublishCommand({ TopicArn, Message: 'to the hook', Subject: 'Hi' }));
    const [, notification] = await hook.received(2);
    assert.equal(notification!.headers['x-amz-sns-message-type'], 'Notification');
    assert.equal(notification!.headers['x-amz-sns-message-id'], sent.MessageId);
    assert.equal(notification!.headers['x-amz-sns-subscription-arn'], arn);
    const body = JSON.parse(notification!.body);
    assert.equal(body.Message, 'to the hook');
    await validate(body);
  });

  test('an HTTP endpoint failing with 500 is retried by the delivery policy, then its message goes to the DLQ', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'flaky' }));
    const dlq = await createQueue(sqs, 'flaky-dlq');
    const hook = await httpSubscriber((post) => (post.headers['x-amz-sns-message-type'] === 'Notification' ? 500 : 200));
    closers.push(hook.close);
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: hook.url, ReturnSubscriptionArn: true }));
    const [confirmation] = await hook.received(1);
    await fetch(JSON.parse(confirmation!.body).SubscribeURL);
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'RedrivePolicy',
        AttributeValue: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
      }),
    );
    const watching = collect(t, ['sns.delivery', 'dlq.moved']);
    const sent = await sns.send(new PublishCommand({ TopicArn, Message: 'retry me' }));
    await watching.until((o) => o.type === 'dlq.moved');
    const attempts = watching.of('sns.delivery').filter((o) => o.ids.messageIds?.[0] === sent.MessageId);
    // The default policy: the first attempt and 3 retries 20 s apart (scaled down in tests).
    assert.deepEqual(
      attempts.map((o) => [o.ids.attempt, o.status, o.retryInMs !== undefined]),
      [
        [1, 500, true],
        [2, 500, true],
        [3, 500, true],
        [4, 500, false],
      ],
    );
    watching.stop();
    const [message] = await receive(sqs, dlq.url, 1);
    assert.equal(JSON.parse(message!.Body!).MessageId, sent.MessageId);
  });
});

/** The signing certificate, as users trust it: fetched once from Tributary's HTTP endpoint. */
async function fetchCertificate(signingCertUrl: string): Promise<string> {
  const file = new URL(signingCertUrl).pathname.slice(1);
  return (await fetch(`${endpoint}/_tributary-sns/${file}`)).text();
}
let endpoint = '';
