import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand, PutFunctionEventInvokeConfigCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient, ROLE, zipOf } from '../lambda/helpers.js';
import { s3Client } from './helpers.js';

describe('S3 as Lambda sees it: code packages and failure destinations', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const lambda = clientPerSuite(t, lambdaClient);

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'deployments' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'failures' }));
  });

  test('a function is created from a zip stored in S3', async () => {
    const zip = zipOf({ 'index.js': 'exports.handler = async () => ({ from: "s3" });\n' });
    await s3.send(new PutObjectCommand({ Bucket: 'deployments', Key: 'builds/fn.zip', Body: zip }));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'from-s3',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { S3Bucket: 'deployments', S3Key: 'builds/fn.zip' },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'from-s3' });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'from-s3' }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { from: 's3' });
  });

  test('a failed asynchronous invocation is written to an S3 on-failure destination', async () => {
    await createFunction(lambda, 'always-fails', { files: { 'index.js': 'exports.handler = async () => { throw new Error("boom"); };\n' } });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'always-fails',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::failures' } },
      }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: 'always-fails', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }));
    const key = await eventually(
      async () => {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'failures', Prefix: 'aws/lambda/async/' }));
        return listed.Contents?.[0]?.Key;
      },
      15_000,
      'the failure record in S3',
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'failures', Key: key }));
    assert.equal(got.ContentType, 'application/json');
    const record = JSON.parse(await got.Body!.transformToString());
    assert.deepEqual(record.requestPayload, { n: 1 });
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
  });
});
