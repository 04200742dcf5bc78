import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateArchiveCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction } from '../async/helpers.js';
import { createQueue, receiveMessages } from './helpers.js';

const ACCOUNT = '123456789012';
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;

describe('EventBridge: archives, replays and the services that put events', () => {
  const t = tributaryPerSuite();
  const events = clientPerSuite(t, (url) => new EventBridgeClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const s3 = clientPerSuite(t, (url) => new S3Client(clientConfig(url)));

  test('an archive keeps matching events; a replay re-delivers them with replay-name', async () => {
    const archive = await events.send(
      new CreateArchiveCommand({ ArchiveName: 'all-orders', EventSourceArn: DEFAULT_BUS, EventPattern: JSON.stringify({ source: ['replay.shop'] }) }),
    );
    assert.equal(archive.ArchiveArn, `arn:aws:events:us-east-1:${ACCOUNT}:archive/all-orders`);
    const queue = await createQueue(sqs, 'replayed');
    await events.send(new PutRuleCommand({ Name: 'replay-target', EventPattern: JSON.stringify({ source: ['replay.shop'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'replay-target', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const time = new Date(Date.now() - 10_000);
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'replay.shop', DetailType: 'Order', Detail: '{"n":1}', Time: time }] }));
    const [original] = await receiveMessages(sqs, queue.url);
    assert.equal(JSON.parse(original!.Body!)['replay-name'], undefined);
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: 'all-orders' }));
    assert.equal(described.EventCount, 1);
    assert.equal(described.State, 'ENABLED');

    const started = await events.send(
      new StartReplayCommand({
        ReplayName: 'again',
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: new Date(time.getTime() - 60_000),
        EventEndTime: new Date(Date.now() - 1_000),
        Destination: { Arn: DEFAULT_BUS, FilterArns: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/replay-target`] },
      }),
    );
    assert.equal(started.State, 'STARTING');
    const [replayed] = await receiveMessages(sqs, queue.url);
    const body = JSON.parse(replayed!.Body!);
    assert.equal(body.id, put.Entries![0]!.EventId);
    assert.equal(body['replay-name'], 'again');
    const done = await eventually(async () => {
      const r = await events.send(new DescribeReplayCommand({ ReplayName: 'again' }));
      return r.State === 'COMPLETED' ? r : undefined;
    });
    assert.ok(done.ReplayEndTime);
    assert.equal((await events.send(new DescribeArchiveCommand({ ArchiveName: 'all-orders' }))).EventCount, 1, 'replayed events are not archived again');
  });

  test('S3 EventBridgeConfiguration puts "Object Created" on the default bus', async () => {
    const queue = await createQueue(sqs, 's3-events');
    await s3.send(new CreateBucketCommand({ Bucket: 'eb-photos' }));
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'eb-photos', NotificationConfiguration: { EventBridgeConfiguration: {} } }));
    await events.send(
      new PutRuleCommand({
        Name: 's3-created',
        EventPattern: JSON.stringify({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['eb-photos'] } } }),
      }),
    );
    await events.send(new PutTargetsCommand({ Rule: 's3-created', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const written = await s3.send(new PutObjectCommand({ Bucket: 'eb-photos', Key: 'cats/a b.jpg', Body: 'hello' }));
    const body = JSON.parse((await receiveMessages(sqs, queue.url))[0]!.Body!);
    assert.equal(body.source, 'aws.s3');
    assert.equal(body['detail-type'], 'Object Created');
    assert.deepEqual(body.resources, ['arn:aws:s3:::eb-photos']);
    assert.deepEqual(Object.keys(body.detail), ['version', 'bucket', 'object', 'request-id', 'requester', 'source-ip-address', 'reason']);
    assert.equal(body.detail.version, '0');
    assert.deepEqual(body.detail.bucket, { name: 'eb-photos' });
    assert.equal(body.detail.object.key, 'cats/a b.jpg');
    assert.equal(body.detail.object.size, 5);
    assert.equal(`"${body.detail.object.etag}"`, written.ETag);
    assert.match(body.detail.object.sequencer, /^[0-9A-F]+$/);
    assert.equal(body.detail.reason, 'PutObject');
    assert.equal(body.detail.requester, ACCOUNT);
  });

  test('an async invocation destination on the default bus delivers "Lambda Function Invocation Result - Success"', async () => {
    const queue = await createQueue(sqs, 'lambda-results');
    const fn = await createFunction(lambda, 'eb-dest', 'exports.handler = async (e) => ({ got: e });');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eb-dest', DestinationConfig: { OnSuccess: { Destination: DEFAULT_BUS } } }));
    await events.send(
      new PutRuleCommand({
        Name: 'lambda-results',
        EventPattern: JSON.stringify({ source: ['lambda'], 'detail-type': [{ prefix: 'Lambda Function Invocation Result' }] }),
      }),
    );
    await events.send(new PutTargetsCommand({ Rule: 'lambda-results', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    await lambda.send(new InvokeCommand({ FunctionName: 'eb-dest', InvocationType: 'Event', Payload: Buffer.from('{"x":1}') }));
    const body = JSON.parse((await receiveMessages(sqs, queue.url))[0]!.Body!);
    assert.equal(body['detail-type'], 'Lambda Function Invocation Result - Success');
    assert.equal(body.source, 'lambda');
    assert.ok(body.resources.includes(`${fn}:$LATEST`));
    assert.equal(body.detail.requestContext.condition, 'Success');
    assert.deepEqual(body.detail.requestPayload, { x: 1 });
    assert.deepEqual(body.detail.responsePayload, { got: { x: 1 } });
  });
});
