import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { clients, queueDepth, tempDir, zipOf } from './helpers.js';

const run = promisify(execFile);
const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'process-orders', 'index.mjs');

/** The seed's order-queue example, driven by the AWS CLI and boto3 as a user would. */
describe('the seed order-queue example', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const dir = tempDir('esm-seed-');
  const processedLog = path.join(dir, 'processed.log');
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'eu-west-1' };
  const aws = async (...args: string[]) =>
    JSON.parse((await run('aws', [...args, '--endpoint-url', t.url, '--region', 'eu-west-1', '--output', 'json'], { env })).stdout || '{}');

  before(async () => {
    t = await startTributary();
    ({ lambda, sqs } = clients(t.url, 'eu-west-1'));
  });
  after(async () => t.stop());

  test('failing orders come back and land in the DLQ after maxReceiveCount; the rest are processed once', async () => {
    await aws('sqs', 'create-queue', '--queue-name', 'order-queue-dlq');
    const attributes = path.join(dir, 'attributes.json');
    fs.writeFileSync(
      attributes,
      JSON.stringify({
        VisibilityTimeout: '6',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:order-queue-dlq', maxReceiveCount: '3' }),
      }),
    );
    const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', 'order-queue', '--attributes', `file://${attributes}`);

    const zip = path.join(dir, 'function.zip');
    fs.writeFileSync(zip, zipOf({ 'index.mjs': fs.readFileSync(fixture, 'utf8') }));
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      'process-orders',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      'arn:aws:iam::123456789012:role/lambda-role',
      '--zip-file',
      `fileb://${zip}`,
      '--environment',
      `Variables={PROCESSED_LOG=${processedLog}}`,
    );
    await eventually(
      async () => ((await lambda.send(new GetFunctionCommand({ FunctionName: 'process-orders' }))).Configuration?.State === 'Active' ? true : undefined),
      30_000,
    );

    // The seed's command, verbatim; then partial batch responses switched on.
    const mapping = await aws(
      'lambda',
      'create-event-source-mapping',
      '--function-name',
      'process-orders',
      '--event-source-arn',
      'arn:aws:sqs:eu-west-1:123456789012:order-queue',
      '--batch-size',
      '10',
      '--maximum-batching-window-in-seconds',
      '5',
    );
    assert.equal(mapping.State, 'Creating');
    assert.equal(mapping.StateTransitionReason, 'USER_INITIATED');
    assert.equal(mapping.BatchSize, 10);
    assert.equal(mapping.MaximumBatchingWindowInSeconds, 5);
    assert.deepEqual(mapping.FunctionResponseTypes, []);
    assert.equal(mapping.FunctionArn, 'arn:aws:lambda:eu-west-1:123456789012:function:process-orders');
    assert.equal(mapping.EventSourceMappingArn, `arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:${mapping.UUID}`);
    const updated = await aws('lambda', 'update-event-source-mapping', '--uuid', mapping.UUID, '--function-response-types', 'ReportBatchItemFailures');
    assert.deepEqual(updated.FunctionResponseTypes, ['ReportBatchItemFailures']);
    await eventually(async () => ((await aws('lambda', 'get-event-source-mapping', '--uuid', mapping.UUID)).State === 'Enabled' ? true : undefined), 10_000);

    const orders = Array.from({ length: 10 }, (_, i) => ({ orderId: `ORD-${String(i + 1).padStart(3, '0')}`, amount: i % 4 === 3 ? 0 : 10 + i }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: orders.map((o, i) => ({ Id: `o${i}`, MessageBody: JSON.stringify(o) })) }));
    const bad = orders
      .filter((o) => !(o.amount > 0))
      .map((o) => o.orderId)
      .sort();
    const good = orders
      .filter((o) => o.amount > 0)
      .map((o) => o.orderId)
      .sort();

    const dlqUrl = QueueUrl.replace(/order-queue$/, 'order-queue-dlq');
    await eventually(async () => ((await queueDepth(sqs, dlqUrl)) === bad.length ? true : undefined), 40_000, 'the failing orders to reach the DLQ');
    assert.equal(await queueDepth(sqs, QueueUrl), 0);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    assert.deepEqual(dead.Messages!.map((m) => JSON.parse(m.Body!).orderId).sort(), bad);
    for (const m of dead.Messages!) assert.equal(m.Attributes?.ApproximateReceiveCount !== undefined, true);
    assert.deepEqual(fs.readFileSync(processedLog, 'utf8').split('\n').filter(Boolean).sort(), good);

    // boto3 sees the same mapping, and gets the same validation as the CLI and the JS SDK.
    const script = `
import boto3, json, sys
client = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='eu-west-1', aws_access_key_id='test', aws_secret_access_key='test')
listed = client.list_event_source_mappings(FunctionName='process-orders')['EventSourceMappings']
try:
    client.create_event_source_mapping(FunctionName='process-orders', EventSourceArn='arn:aws:sqs:eu-west-1:123456789012:order-queue-dlq', BatchSize=11)
    error = None
except client.exceptions.InvalidParameterValueException as e:
    error = e.response['Error']['Message']
print(json.dumps({'states': [m['State'] for m in listed], 'uuids': [m['UUID'] for m in listed], 'error': error}))
`;
    const out = JSON.parse((await run('python3', ['-c', script, t.url], { env })).stdout);
    assert.deepEqual(out.states, ['Enabled']);
    assert.deepEqual(out.uuids, [mapping.UUID]);
    assert.equal(out.error, 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  });
});
