import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  GetFunctionCommand,
  UpdateEventSourceMappingCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { RECORDING_HANDLER, ROLE, clients, createQueue, createRecordingFunction, invocations, queueDepth, tempDir, waitForState, zipOf } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an SQS event source mapping delivering messages', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const dir = tempDir('esm-delivery-');

  before(async () => {
    t = await startTributary();
    ({ lambda, sqs } = clients(t.url, 'eu-west-1'));
  });
  after(async () => t.stop());

  test('hands the function records shaped as AWS shapes them and deletes the batch on success', async () => {
    const fn = await createRecordingFunction(lambda, 'shape-fn', dir);
    const q = await createQueue(sqs, 'shape-queue', {}, 'eu-west-1');
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'shape-fn', EventSourceArn: q.arn }));
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: '{"orderId":"A-1001"}',
        MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' }, retries: { DataType: 'Number', StringValue: '2' } },
      }),
    );
    const [inv] = await eventually(() => (invocations(fn.file).length > 0 ? invocations(fn.file) : undefined));
    const record = inv!.event.Records[0];
    assert.deepEqual(Object.keys(record).sort(), [
      'attributes',
      'awsRegion',
      'body',
      'eventSource',
      'eventSourceARN',
      'md5OfBody',
      'md5OfMessageAttributes',
      'messageAttributes',
      'messageId',
      'receiptHandle',
    ]);
    assert.equal(record.messageId, sent.MessageId);
    assert.equal(record.body, '{"orderId":"A-1001"}');
    assert.equal(record.md5OfBody, sent.MD5OfMessageBody);
    assert.equal(record.md5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.equal(record.eventSource, 'aws:sqs');
    assert.equal(record.eventSourceARN, q.arn);
    assert.equal(record.awsRegion, 'eu-west-1');
    assert.equal(record.attributes.ApproximateReceiveCount, '1');
    assert.match(record.attributes.SentTimestamp, /^\d{13}$/);
    assert.match(record.attributes.ApproximateFirstReceiveTimestamp, /^\d{13}$/);
    assert.equal(typeof record.attributes.SenderId, 'string');
    assert.deepEqual(record.messageAttributes, {
      tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' },
      retries: { stringValue: '2', stringListValues: [], binaryListValues: [], dataType: 'Number' },
    });
    await eventually(async () => ((await queueDepth(sqs, q.url)) === 0 ? true : undefined), 5000, 'the batch to be deleted');
  });

  test('a batch closes at BatchSize', async () => {
    const fn = await createRecordingFunction(lambda, 'size-fn', dir);
    const q = await createQueue(sqs, 'size-queue', {}, 'eu-west-1');
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `message ${i}` }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries.slice(0, 5) }));
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'size-fn', EventSourceArn: q.arn, BatchSize: 5 }));
    const all = await eventually(() => {
      const list = invocations(fn.file);
      return list.reduce((n, i) => n + i.event.Records.length, 0) === 15 ? list : undefined;
    });
    assert.ok(all.every((i) => i.event.Records.length <= 5));
    assert.equal(all.length, 3);
  });

  test('a batch closes when the batching window ends, even short of BatchSize', async () => {
    const fn = await createRecordingFunction(lambda, 'window-fn', dir);
    const q = await createQueue(sqs, 'window-queue', {}, 'eu-west-1');
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'window-fn', EventSourceArn: q.arn, BatchSize: 100, MaximumBatchingWindowInSeconds: 1 }),
    );
    await waitForState(lambda, UUID!, 'Enabled');
    const sentAt = Date.now();
    for (let i = 0; i < 3; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: `w${i}` }));
    }
    const [inv] = await eventually(() => (invocations(fn.file).length > 0 ? invocations(fn.file) : undefined));
    assert.deepEqual(
      inv!.event.Records.map((r) => r.body),
      ['w0', 'w1', 'w2'],
    );
    assert.ok(inv!.start - sentAt >= 900, 'the batch waited for its window');
  });

  test('a function error returns every message of the batch, with a higher receive count', async () => {
    const fn = await createRecordingFunction(lambda, 'error-fn', dir);
    const q = await createQueue(sqs, 'error-queue', { VisibilityTimeout: '3' }, 'eu-west-1');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: '{"throw":true}' },
          { Id: 'b', MessageBody: 'second' },
        ],
      }),
    );
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'error-fn', EventSourceArn: q.arn }));
    const list = await eventually(() => (invocations(fn.file).length >= 2 ? invocations(fn.file) : undefined), 10_000);
    assert.deepEqual(
      list[0]!.event.Records.map((r) => r.attributes.ApproximateReceiveCount),
      ['1', '1'],
    );
    assert.deepEqual(
      list[1]!.event.Records.map((r) => r.attributes.ApproximateReceiveCount),
      ['2', '2'],
    );
    assert.deepEqual(
      list[1]!.event.Records.map((r) => r.messageId),
      list[0]!.event.Records.map((r) => r.messageId),
    );
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  test('messages the filters reject are deleted without invoking', async () => {
    const fn = await createRecordingFunction(lambda, 'filter-fn', dir);
    const q = await createQueue(sqs, 'filter-queue', {}, 'eu-west-1');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'filter-fn',
        EventSourceArn: q.arn,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ['order'] } }) }] },
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: '{"kind":"order","n":1}' },
          { Id: 'b', MessageBody: '{"kind":"refund","n":2}' },
          { Id: 'c', MessageBody: 'kind order' },
          { Id: 'd', MessageBody: '{"kind":"order","n":3}' },
        ],
      }),
    );
    await eventually(async () => ((await queueDepth(sqs, q.url)) === 0 ? true : undefined), 5000, 'every message to be deleted');
    await sleep(100);
    const bodies = invocations(fn.file).flatMap((i) => i.event.Records.map((r) => JSON.parse(r.body).n));
    assert.deepEqual(bodies.sort(), [1, 3]);
  });

  test('a disabled mapping stops polling and an enabled one resumes', async () => {
    const fn = await createRecordingFunction(lambda, 'toggle-fn', dir);
    const q = await createQueue(sqs, 'toggle-queue', {}, 'eu-west-1');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'toggle-fn', EventSourceArn: q.arn, Enabled: false }));
    await waitForState(lambda, UUID!, 'Disabled');
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'while disabled' }));
    await sleep(300);
    assert.equal(invocations(fn.file).length, 0);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    await eventually(() => (invocations(fn.file).length === 1 ? true : undefined));
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    await waitForState(lambda, UUID!, 'Disabled');
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'disabled again' }));
    await sleep(300);
    assert.equal(invocations(fn.file).length, 1);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  test('an updated mapping applies its new settings', async () => {
    const fn = await createRecordingFunction(lambda, 'update-fn', dir);
    const q = await createQueue(sqs, 'update-queue', {}, 'eu-west-1');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'update-fn', EventSourceArn: q.arn, BatchSize: 1 }));
    await waitForState(lambda, UUID!, 'Enabled');
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { keep: [true] } }) }] } }));
    await waitForState(lambda, UUID!, 'Enabled');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: '{"keep":false}' },
          { Id: 'b', MessageBody: '{"keep":true}' },
        ],
      }),
    );
    await eventually(async () => ((await queueDepth(sqs, q.url)) === 0 ? true : undefined), 5000);
    await sleep(100);
    assert.deepEqual(
      invocations(fn.file).flatMap((i) => i.event.Records.map((r) => r.body)),
      ['{"keep":true}'],
    );
  });

  test('a message sent while the function is still being created reaches it without waiting out the visibility timeout', async () => {
    const file = path.join(dir, 'pending-fn.jsonl');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'pending-fn',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': RECORDING_HANDLER }) },
        Environment: { Variables: { RECORD_FILE: file } },
      }),
    );
    const q = await createQueue(sqs, 'pending-queue', {}, 'eu-west-1');
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'pending-fn', EventSourceArn: q.arn }));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'early' }));
    await eventually(() => (invocations(file).length === 1 ? true : undefined), 8000, 'the early message');
  });

  test('a Python handler gets the same records and its partial batch response is applied', async () => {
    const file = path.join(dir, 'python-fn.jsonl');
    const code = [
      'import json, os',
      'def handler(event, context):',
      "    with open(os.environ['RECORD_FILE'], 'a') as f:",
      "        f.write(json.dumps({'event': event, 'start': 0, 'end': 0}) + '\\n')",
      "    return {'batchItemFailures': [{'itemIdentifier': r['messageId']} for r in event['Records'] if r['body'] == 'bad' and r['attributes']['ApproximateReceiveCount'] == '1']}",
    ].join('\n');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'python-fn',
        Runtime: 'python3.11',
        Role: ROLE,
        Handler: 'lambda_function.handler',
        Code: { ZipFile: zipOf({ 'lambda_function.py': code }) },
        Environment: { Variables: { RECORD_FILE: file } },
      }),
    );
    await eventually(
      async () => ((await lambda.send(new GetFunctionCommand({ FunctionName: 'python-fn' }))).Configuration?.State === 'Active' ? true : undefined),
      30_000,
    );
    const q = await createQueue(sqs, 'python-queue', { VisibilityTimeout: '3' }, 'eu-west-1');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: 'good' },
          { Id: 'b', MessageBody: 'bad' },
        ],
      }),
    );
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'python-fn', EventSourceArn: q.arn, FunctionResponseTypes: ['ReportBatchItemFailures'] }),
    );
    const list = await eventually(() => (invocations(file).length >= 2 ? invocations(file) : undefined), 15_000, 'the failed message to come back');
    assert.deepEqual(list[0]!.event.Records.map((r) => r.body).sort(), ['bad', 'good']);
    assert.equal(list[0]!.event.Records[0].eventSource, 'aws:sqs');
    assert.deepEqual(
      list[1]!.event.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount]),
      [['bad', '2']],
    );
    await eventually(async () => ((await queueDepth(sqs, q.url)) === 0 ? true : undefined), 5000, 'the queue to drain');
  });

  test('a deleted mapping stops', async () => {
    const fn = await createRecordingFunction(lambda, 'deleted-fn', dir);
    const q = await createQueue(sqs, 'deleted-queue', {}, 'eu-west-1');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'deleted-fn', EventSourceArn: q.arn }));
    await waitForState(lambda, UUID!, 'Enabled');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    await sleep(200);
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'after delete' }));
    await sleep(300);
    assert.equal(invocations(fn.file).length, 0);
    assert.equal(await queueDepth(sqs, q.url), 1);
  });
});
