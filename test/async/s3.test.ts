import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddPermissionCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { asyncQueueHealth, createFunction, createRecordingFunction, recorder, tempDirPerSuite } from './helpers.js';

/** Triggered by S3: records the key, then writes the next object to the same bucket (a loop). */
const WRITES_BACK = `
const fs = require('node:fs');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });
exports.handler = async (event) => {
  const { bucket, object } = event.Records[0].s3;
  const n = Number(object.key.split('-')[1]);
  fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event: { key: object.key }, trace: process.env._X_AMZN_TRACE_ID ?? null }) + '\\n');
  if (n < 40) await s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: 'obj-' + (n + 1), Body: 'x' }));
};
`;

describe('asynchronous invocation with S3', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const s3 = clientPerSuite(t, (url) => new S3Client(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-async-s3-');

  test('an S3 bucket as on-failure destination receives the record as an object', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'async-failures' }));
    const failing = await createRecordingFunction(lambda, dir, 's3-failing');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 's3-failing',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::async-failures' } },
      }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: 's3-failing', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"tag":"s3"}') }));
    const key = await eventually(
      async () => {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'async-failures', Prefix: 'aws/lambda/async/s3-failing/' }));
        return listed.Contents?.[0]?.Key;
      },
      20_000,
      'the failure object',
    );
    assert.match(key, /^aws\/lambda\/async\/s3-failing\/\d{4}\/\d\d\/\d\d\/\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d-[0-9a-f-]{36}$/);
    const body = await (await s3.send(new GetObjectCommand({ Bucket: 'async-failures', Key: key }))).Body!.transformToString();
    const record = JSON.parse(body);
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
    assert.equal(record.requestContext.functionArn, `${failing.arn}:$LATEST`);
    assert.deepEqual(record.requestPayload, { fail: true, tag: 's3' });
  });

  test('a function writing back to the bucket that triggers it is stopped after 16 invocations', async () => {
    const runs = recorder(dir, 's3-looper');
    const arn = await createFunction(lambda, 's3-looper', WRITES_BACK, { environment: { RECORD_FILE: runs.file } });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 's3-looper',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::loop-bucket',
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'loop-bucket' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'loop-bucket',
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'loop-bucket', Key: 'obj-1', Body: 'x' }));
    // The 16th run writes obj-17; its notification is the 17th invocation, which is blocked.
    await eventually(
      async () => {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'loop-bucket' }));
        return (listed.KeyCount ?? 0) >= 17 ? true : undefined;
      },
      30_000,
      'the chain to reach obj-17',
    );
    await eventually(
      async () => {
        const health = await asyncQueueHealth(t.url);
        return health.queueDepth === 0 && health.inFlight === 0 ? true : undefined;
      },
      20_000,
      'the queue to drain',
    );
    const lines = runs.lines();
    assert.equal(lines.length, 16);
    assert.deepEqual(lines.map((l) => l.event.key).sort(), Array.from({ length: 16 }, (_, i) => `obj-${i + 1}`).sort());
  });
});
