import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateEventSourceMappingCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { FunctionDetail, Graph, InvokeResult, Overview, Resources, StreamDetail } from '../../src/dashboard/api-types.js';
import { observed } from '../support/observed.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { ACCOUNT, api, createFunction } from './helpers.js';

const REGION = 'us-east-1';
const arnOf = (service: string, name: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;

describe('the dashboard API, reading what the services hold', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let fnArn: string;
  const queueArn = arnOf('sqs', 'orders');
  const dlqArn = arnOf('sqs', 'orders-dlq');
  const topicArn = arnOf('sns', 'alerts');

  before(async () => {
    t = await startTributary({ config: { observationHistory: 1000 } });
    lambda = new LambdaClient(clientConfig(t.url));
    sqs = new SQSClient(clientConfig(t.url));
    const s3 = new S3Client(clientConfig(t.url));
    const sns = new SNSClient(clientConfig(t.url));
    const dynamodb = new DynamoDBClient(clientConfig(t.url));
    fnArn = await createFunction(lambda, 'worker');

    await sqs.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }));
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'orders',
        Attributes: { VisibilityTimeout: '5', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
      }),
    );
    await sqs.send(new CreateQueueCommand({ QueueName: 'notified' }));
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'worker', EventSourceArn: queueArn, Enabled: false }));

    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'uploads',
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: arnOf('sqs', 'notified'), Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'a/one.txt', Body: 'one', ContentType: 'text/plain' }));
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'b/two.txt', Body: 'two' }));

    await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: fnArn }));

    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'things',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    await eventually(async () => {
      try {
        await dynamodb.send(new PutItemCommand({ TableName: 'things', Item: { id: { S: 'x1' }, n: { N: '7' } } }));
        return true;
      } catch {
        return undefined;
      }
    });
  });
  after(async () => t.stop());

  test('overview: where Tributary runs and how many resources it holds', async () => {
    const { status, body } = await api<Overview>(t.url, 'overview');
    assert.equal(status, 200);
    assert.equal(body.accountId, ACCOUNT);
    assert.equal(body.region, REGION);
    assert.equal(body.url, t.url);
    assert.equal(body.dataDir, t.dataDir);
    assert.equal(body.historyCapacity, 1000);
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.ok(body.startedAt <= body.now);
    assert.equal(body.counts.functions, 1);
    assert.equal(body.counts.queues, 3);
    assert.equal(body.counts.buckets, 1);
    assert.equal(body.counts.tables, 1);
    assert.equal(body.counts.mappings, 1);
    assert.equal(body.counts.topics, 1);
  });

  test('invocations give stats, a detail with the invocation list, and logs searchable by text and invocation', async () => {
    const ok1 = await lambda.send(new InvokeCommand({ FunctionName: 'worker', Payload: JSON.stringify({ n: 1 }) }));
    await lambda.send(new InvokeCommand({ FunctionName: 'worker', Payload: JSON.stringify({ n: 2 }) }));
    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'worker', Payload: JSON.stringify({ fail: true, marker: 'needle-42' }) }));
    assert.equal(failed.FunctionError, 'Unhandled');
    assert.equal(ok1.StatusCode, 200);

    const list = await api<{ functions: Resources['functions'] }>(t.url, 'functions');
    assert.equal(list.status, 200);
    const worker = list.body.functions.find((f) => f.name === 'worker')!;
    assert.equal(worker.arn, fnArn);
    assert.equal(worker.runtime, 'nodejs20.x');
    assert.equal(worker.state, 'Active');
    assert.equal(worker.stats.invocations, 3);
    assert.equal(worker.stats.errors, 1);
    assert.equal(worker.stats.throttles, 0);
    assert.equal(worker.stats.coldStarts, 1);
    assert.ok(worker.stats.p50Ms !== undefined && worker.stats.p50Ms <= worker.stats.p90Ms! && worker.stats.p90Ms! <= worker.stats.p99Ms!);

    const detail = await api<FunctionDetail>(t.url, 'functions/worker');
    assert.equal(detail.status, 200);
    assert.equal(detail.body.invocations.length, 3);
    const [newest] = detail.body.invocations;
    assert.equal(newest!.outcome, 'function-error');
    assert.equal(newest!.errorType, 'Error');
    assert.equal(newest!.source, 'lambda:invoke');
    assert.equal(newest!.replayable, true);
    assert.equal(detail.body.mappings.length, 1);
    assert.equal(detail.body.mappings[0]!.eventSourceArn, queueArn);
    assert.equal(detail.body.durations.length, 3);
    assert.deepEqual(
      detail.body.durations.map((d) => d.outcome),
      ['success', 'success', 'function-error'],
    );

    const searched = await api<{ events: { message: string; invocationId?: string }[] }>(t.url, 'functions/worker/logs?q=needle-42');
    assert.equal(searched.status, 200);
    assert.ok(searched.body.events.length >= 1);
    assert.ok(searched.body.events.every((e) => e.message.includes('needle-42')));
    assert.equal(searched.body.events[0]!.invocationId, newest!.invocationId);

    const ofOne = await api<{ events: { message: string; invocationId?: string }[] }>(t.url, `functions/worker/logs?invocation=${newest!.invocationId}`);
    const messages = ofOne.body.events.map((e) => e.message);
    assert.ok(messages.some((m) => m.startsWith(`START RequestId: ${newest!.invocationId}`)));
    assert.ok(messages.some((m) => m.startsWith(`REPORT RequestId: ${newest!.invocationId}`)));
    assert.ok(ofOne.body.events.every((e) => e.invocationId === newest!.invocationId));
  });

  test('invoke runs the function through the gateway and answers its response and logs', async () => {
    const finished = observed(t, 'invocation.finished', (o) => o.ids.functionArn === fnArn);
    const { status, body } = await api<InvokeResult>(t.url, 'functions/worker/invoke', { payload: { hello: 'dashboard' } });
    assert.equal(status, 200);
    assert.equal(body.statusCode, 200);
    assert.equal(body.functionError, undefined);
    assert.deepEqual(JSON.parse(body.payload), { ok: true, echo: { hello: 'dashboard' } });
    assert.equal((await finished).ids.invocationId, body.invocationId);
    assert.match(body.logs, /event \{"hello":"dashboard"\}/);
    assert.match(body.logs, new RegExp(`REPORT RequestId: ${body.invocationId}`));

    const failing = await api<InvokeResult>(t.url, 'functions/worker/invoke', { payload: { fail: true } });
    assert.equal(failing.body.functionError, 'Unhandled');
    assert.equal(JSON.parse(failing.body.payload).errorMessage, 'failing on purpose');
  });

  test('resources: queues with counts and redrive links, buckets, tables, streams, mappings, others', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: `${t.url}/${ACCOUNT}/orders`, MessageBody: 'now' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: `${t.url}/${ACCOUNT}/orders`, MessageBody: 'later', DelaySeconds: 60 }));
    const { status, body } = await api<Resources>(t.url, 'resources');
    assert.equal(status, 200);
    const orders = body.queues.find((q) => q.name === 'orders')!;
    assert.equal(orders.visible, 1);
    assert.equal(orders.delayed, 1);
    assert.equal(orders.inFlight, 0);
    assert.equal(orders.deadLetterTargetArn, dlqArn);
    assert.deepEqual(body.queues.find((q) => q.name === 'orders-dlq')!.deadLetterSourceArns, [queueArn]);
    // S3 put its s3:TestEvent on `notified` when the configuration was set, then one message per object.
    assert.equal(body.queues.find((q) => q.name === 'notified')!.visible, 3);
    assert.deepEqual(
      body.buckets.map((b) => [b.name, b.objects, b.notifications]),
      [['uploads', 2, 1]],
    );
    const table = body.tables.find((x) => x.name === 'things')!;
    assert.equal(table.itemCount, 1);
    assert.deepEqual(table.keySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    assert.equal(table.streamViewType, 'NEW_IMAGE');
    assert.equal(body.streams.length, 1);
    assert.equal(body.streams[0]!.arn, table.streamArn);
    assert.equal(body.mappings.length, 1);
    assert.equal(body.mappings[0]!.state, 'Disabled');
    assert.deepEqual(
      body.others.map((o) => [o.kind, o.name, o.detail]),
      [['topic', 'alerts', '1 subscription']],
    );

    const peek = await api<{ messages: { body: string; state: string }[] }>(t.url, `queues/${encodeURIComponent(queueArn)}/messages`);
    assert.deepEqual(
      peek.body.messages.map((m) => [m.body, m.state]),
      [
        ['now', 'visible'],
        ['later', 'delayed'],
      ],
    );
    // A peek is no receive: the message is still visible.
    const again = await api<Resources>(t.url, 'resources');
    assert.equal(again.body.queues.find((q) => q.name === 'orders')!.visible, 1);

    const objects = await api<{ objects: { key: string; size: number; contentType?: string }[] }>(t.url, 'buckets/uploads/objects?prefix=a/');
    assert.deepEqual(
      objects.body.objects.map((o) => [o.key, o.size, o.contentType]),
      [['a/one.txt', 3, 'text/plain']],
    );

    const items = await api<{ items: Record<string, unknown>[] }>(t.url, `tables/${encodeURIComponent(table.arn)}/items?limit=10`);
    assert.deepEqual(items.body.items, [{ id: { S: 'x1' }, n: { N: '7' } }]);

    const stream = await api<StreamDetail>(t.url, `streams/${encodeURIComponent(table.streamArn!)}`);
    assert.equal(stream.status, 200);
    assert.equal(stream.body.kind, 'dynamodb');
    assert.equal(stream.body.name, 'things');
    assert.equal(stream.body.shardList.length, stream.body.shards);
    assert.equal(
      stream.body.shardList.reduce((n, s) => n + s.records, 0),
      1,
    );
  });

  test('graph: a mapping, an S3 notification, an SNS subscription, a redrive and a table stream are edges', async () => {
    const { status, body } = await api<Graph>(t.url, 'graph');
    assert.equal(status, 200);
    const has = (from: string, to: string, kind: string) => body.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
    assert.ok(has(queueArn, fnArn, 'mapping'), 'mapping edge');
    assert.ok(has('arn:aws:s3:::uploads', arnOf('sqs', 'notified'), 'notification'), 'notification edge');
    assert.ok(has(topicArn, fnArn, 'subscription'), 'subscription edge');
    assert.ok(has(queueArn, dlqArn, 'redrive'), 'redrive edge');
    const table = body.nodes.find((n) => n.kind === 'table')!;
    assert.ok(body.edges.some((e) => e.from === table.id && e.kind === 'stream'));
    const ids = new Set(body.nodes.map((n) => n.id));
    for (const e of body.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to} has both nodes`);
    assert.equal(body.nodes.find((n) => n.id === fnArn)!.kind, 'function');
  });

  test('observations page through the kept history, filtered by type', async () => {
    const all = await api<{ observations: { seq: number; type: string }[]; lastSeq: number }>(t.url, 'observations?type=invocation.');
    assert.equal(all.status, 200);
    assert.ok(all.body.observations.length >= 6);
    assert.ok(all.body.observations.every((o) => o.type.startsWith('invocation.')));
    const last = all.body.observations.at(-1)!;
    const page = await api<{ observations: { seq: number }[] }>(
      t.url,
      `observations?limit=2&after=${last.seq - 1}&type=invocation.finished,invocation.started`,
    );
    assert.deepEqual(
      page.body.observations.map((o) => o.seq),
      [last.seq],
    );
    assert.ok(all.body.lastSeq >= last.seq);
    const bad = await api(t.url, 'observations?type=nope');
    assert.equal(bad.status, 400);
  });

  test('unknown resources are 404 with a message; a bad limit is 400', async () => {
    for (const path of [
      'functions/nope',
      'functions/nope/logs',
      `queues/${encodeURIComponent(arnOf('sqs', 'nope'))}/messages`,
      'buckets/nope/objects',
      'tables/nope/items',
      'streams/nope',
    ]) {
      const { status, body } = await api<{ message: string }>(t.url, path);
      assert.equal(status, 404, path);
      assert.equal(typeof body.message, 'string');
    }
    assert.equal((await api(t.url, 'functions/worker/logs?limit=0')).status, 400);
  });

  test('a POST without Content-Type: application/json is refused before anything runs', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await fetch(`${t.url}/_tributary/api/functions/worker/invoke`, {
        method: 'POST',
        body: JSON.stringify({ payload: {} }),
        headers: type ? { 'Content-Type': type } : {},
      });
      assert.equal(res.status, 400, String(type));
      assert.match(((await res.json()) as { message: string }).message, /application\/json/);
    }
    const detail = await api<FunctionDetail>(t.url, 'functions/worker');
    assert.equal(detail.body.function.stats.invocations, 5);
  });
});
