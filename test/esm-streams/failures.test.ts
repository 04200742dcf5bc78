import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeleteFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createQueue } from '../esm/helpers.js';
import { collect, observed } from '../support/observed.js';
import { tempDir } from '../support/functions.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { createStreamFunction, createStreamMapping, enableStream, insert, invocations, keysReceived, streamsPort } from './helpers.js';

describe('DynamoDB stream mappings: failures', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let s3: S3Client;
  const dir = tempDir('esm-streams-failures-');

  before(async () => {
    t = await startTributary();
    lambda = new LambdaClient(clientConfig(t.url));
    sqs = new SQSClient(clientConfig(t.url));
    s3 = new S3Client(clientConfig(t.url));
  });
  after(async () => {
    lambda.destroy();
    sqs.destroy();
    s3.destroy();
    await t.stop();
  });

  test('a failing batch is retried MaximumRetryAttempts times, blocks its shard, then goes to the SQS on-failure destination as DDBStreamBatchInfo', async () => {
    const { streamArn } = enableStream(t, 'Retries');
    const fn = await createStreamFunction(lambda, 'retry-handler', dir, 'throw-on-bad');
    const queue = await createQueue(sqs, 'stream-failures');
    const m = await createStreamMapping(lambda, {
      FunctionName: 'retry-handler',
      EventSourceArn: streamArn,
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: queue.arn } },
    });
    const discarded = observed(t, 'records.discarded', (o) => o.ids.mappingUuid === m.UUID);
    const delivered = observed(t, 'destination.delivered', (o) => o.ids.mappingUuid === m.UUID);
    streamsPort(t).append(streamArn, [insert('a', { bad: { S: 'yes' } }), insert('b')]);
    assert.equal((await discarded).condition, 'RetryAttemptsExhausted');
    assert.equal((await delivered).delivered, true);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }));
    const record = JSON.parse(Messages![0]!.Body!);
    assert.deepEqual(Object.keys(record), ['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.equal(record.requestContext.functionArn, fn.arn);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(record.version, '1.0');
    const info = record.DDBStreamBatchInfo;
    const shards = streamsPort(t).shards(streamArn);
    assert.equal(info.shardId, shards[0]!.shardId);
    assert.equal(info.batchSize, 2);
    assert.equal(info.streamArn, streamArn);
    assert.match(info.startSequenceNumber, /^\d{21}$/);
    assert.ok(info.endSequenceNumber > info.startSequenceNumber);
    assert.match(info.approximateArrivalOfFirstRecord, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(invocations(fn.file).length, 3);
    // The shard goes on after the discarded batch.
    streamsPort(t).append(streamArn, [insert('c')]);
    await eventually(() => (keysReceived(fn.file).includes('c') ? true : undefined));
  });

  test('BisectBatchOnFunctionError splits a failing batch (splits use no retries) down to the bad record; S3 gets it with its payload', async () => {
    const { streamArn } = enableStream(t, 'Bisect');
    const fn = await createStreamFunction(lambda, 'bisect-handler', dir, 'throw-on-bad');
    await s3.send(new CreateBucketCommand({ Bucket: 'stream-failures' }));
    const port = streamsPort(t);
    port.append(streamArn, [insert('a'), insert('b'), insert('c', { bad: { S: 'yes' } }), insert('d')]);
    const m = await createStreamMapping(lambda, {
      FunctionName: 'bisect-handler',
      EventSourceArn: streamArn,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::stream-failures' } },
    });
    const delivered = await observed(t, 'destination.delivered', (o) => o.ids.mappingUuid === m.UUID);
    assert.equal(delivered.delivered, true);
    // [a b c d] fails → [a b] ok, [c d] fails → [c] fails and is discarded, [d] ok.
    await eventually(() => (invocations(fn.file).length >= 5 ? true : undefined));
    assert.deepEqual(
      invocations(fn.file).map((i) => i.event.Records.map((r: any) => r.dynamodb.Keys.userId.S).join('')),
      ['abcd', 'ab', 'cd', 'c', 'd'],
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'stream-failures' }));
    const key = listed.Contents![0]!.Key!;
    const shardId = port.shards(streamArn)[0]!.shardId;
    assert.match(key, new RegExp(`^aws/lambda/${m.UUID}/${shardId}/\\d{4}/\\d\\d/\\d\\d/\\d{4}-\\d\\d-\\d\\dT\\d\\d\\.\\d\\d\\.\\d\\d-[0-9a-f-]{36}$`));
    const body = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: 'stream-failures', Key: key }))).Body!.transformToString());
    assert.equal(body.DDBStreamBatchInfo.batchSize, 1);
    assert.deepEqual(
      body.payload.Records.map((r: any) => r.dynamodb.Keys.userId.S),
      ['c'],
    );
  });

  test('ReportBatchItemFailures: checkpoints before the lowest failed sequence number and retries from there', async () => {
    const { streamArn } = enableStream(t, 'Partial');
    const fn = await createStreamFunction(lambda, 'rbif-handler', dir, 'rbif');
    streamsPort(t).append(streamArn, [insert('a'), insert('b', { bad: { S: 'once' } }), insert('c')]);
    const seen = collect(t, ['batch.finished']);
    const m = await createStreamMapping(lambda, {
      FunctionName: 'rbif-handler',
      EventSourceArn: streamArn,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // The batch finishes once its retry from `b` succeeded: the lane stays on it until then.
    const finished = (await seen.until((o) => o.type === 'batch.finished' && o.ids.mappingUuid === m.UUID)) as { failed: number };
    seen.stop();
    assert.deepEqual(
      invocations(fn.file).map((i) => i.event.Records.map((r: any) => r.dynamodb.Keys.userId.S).join('')),
      ['abc', 'bc'],
    );
    assert.equal(finished.failed, 2);
  });

  test('a malformed partial response fails the whole batch (no functionError in the failure record)', async () => {
    const { streamArn } = enableStream(t, 'Malformed');
    const fn = await createStreamFunction(lambda, 'malformed-handler', dir, 'malformed');
    const queue = await createQueue(sqs, 'malformed-failures');
    streamsPort(t).append(streamArn, [insert('a'), insert('b')]);
    const discarded = observed(t, 'records.discarded');
    const m = await createStreamMapping(lambda, {
      FunctionName: 'malformed-handler',
      EventSourceArn: streamArn,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: queue.arn } },
    });
    const o = await discarded;
    assert.equal(o.ids.mappingUuid, m.UUID);
    assert.equal(o.ids.messageIds?.length, 2);
    assert.deepEqual(
      invocations(fn.file).map((i) => i.event.Records.map((r: any) => r.dynamodb.Keys.userId.S).join('')),
      ['ab', 'ab'],
    );
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }));
    assert.equal(JSON.parse(Messages![0]!.Body!).responseContext.functionError, null);
  });

  test('throttles are retried without using attempts: with MaximumRetryAttempts 0 the batch still arrives once the function may run', async () => {
    const { streamArn } = enableStream(t, 'Throttled');
    const fn = await createStreamFunction(lambda, 'throttled-handler', dir);
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled-handler', ReservedConcurrentExecutions: 0 }));
    const m = await createStreamMapping(lambda, { FunctionName: 'throttled-handler', EventSourceArn: streamArn, MaximumRetryAttempts: 0 });
    const throttled = observed(t, 'invocation.finished', (o) => o.ids.mappingUuid === m.UUID && o.outcome === 'throttled');
    const seen = collect(t, ['records.discarded']);
    streamsPort(t).append(streamArn, [insert('a')]);
    await throttled;
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'throttled-handler' }));
    await eventually(() => (keysReceived(fn.file).includes('a') ? true : undefined));
    seen.stop();
    assert.equal(seen.of('records.discarded').length, 0);
  });
});
