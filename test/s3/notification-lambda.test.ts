import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { s3Client, s3Error } from './helpers.js';

// The function records every event it receives in another bucket, with boto3 as users write it.
const RECORDER = `
import json
import boto3

s3 = boto3.client('s3')

def handler(event, context):
    record = event['Records'][0]
    key = record['s3']['object']['key']
    s3.put_object(Bucket='lambda-seen', Key=key + '.json', Body=json.dumps(event))
    return {'ok': True}
`;

// The same shape in Node.js with the SDK the runtime provides: read the upload, write a processed copy.
const UPPERCASER = `
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  for (const record of event.Records) {
    const Bucket = record.s3.bucket.name;
    const Key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    const text = await got.Body.transformToString();
    await s3.send(new PutObjectCommand({ Bucket, Key: 'processed/' + Key.split('/').pop(), Body: text.toUpperCase(), ContentType: 'text/plain' }));
  }
};
`;

describe('S3 event notifications delivered to Lambda', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:s3-recorder';

  before(async () => {
    await createFunction(lambdaClient(t.url), 's3-recorder', { Runtime: 'python3.11', Handler: 'index.handler', files: { 'index.py': RECORDER } });
    await createFunction(lambdaClient(t.url), 's3-uppercaser', { Runtime: 'nodejs20.x', Handler: 'index.handler', files: { 'index.mjs': UPPERCASER } });
    await s3.send(new CreateBucketCommand({ Bucket: 'lambda-src' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'lambda-seen' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'lambda-src',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              Id: 'record-uploads',
              LambdaFunctionArn: functionArn,
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            },
            {
              Id: 'uppercase-texts',
              LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:s3-uppercaser',
              Events: ['s3:ObjectCreated:Put'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'texts/' }] } },
            },
          ],
        },
      }),
    );
  });

  async function seen(key: string): Promise<any> {
    return eventually(
      async () => {
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: 'lambda-seen', Key: key }));
          return JSON.parse(await got.Body!.transformToString());
        } catch (err: any) {
          if (err.name === 'NoSuchKey') return undefined;
          throw err;
        }
      },
      20_000,
      `the function to record ${key}`,
    );
  }

  test('an upload under the prefix invokes the function asynchronously with the S3 event', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'lambda-src', Key: 'uploads/report.csv', Body: 'a,b\n1,2\n' }));
    const event = await seen('uploads/report.csv.json');
    assert.equal(event.Records.length, 1);
    const record = event.Records[0];
    assert.equal(record.eventSource, 'aws:s3');
    assert.equal(record.eventName, 'ObjectCreated:Put');
    assert.equal(record.s3.configurationId, 'record-uploads');
    assert.equal(record.s3.bucket.name, 'lambda-src');
    assert.equal(record.s3.object.key, 'uploads/report.csv');
    assert.equal(record.s3.object.size, 8);
    assert.equal(`"${record.s3.object.eTag}"`, put.ETag);
  });

  test('an upload outside the prefix does not invoke the function', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'lambda-src', Key: 'other/ignored.csv', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'lambda-src', Key: 'uploads/after.csv', Body: 'x' }));
    await seen('uploads/after.csv.json');
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket: 'lambda-seen', Key: 'other/ignored.csv.json' })))).name, 'NoSuchKey');
  });

  test("a Node.js function reads the upload and writes its result with the runtime's SDK", async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'lambda-src', Key: 'texts/hello world.txt', Body: 'hello from s3' }));
    const processed = await eventually(
      async () => {
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: 'lambda-src', Key: 'processed/hello world.txt' }));
          return got.Body!.transformToString();
        } catch (err: any) {
          if (err.name === 'NoSuchKey') return undefined;
          throw err;
        }
      },
      20_000,
      'processed/hello world.txt',
    );
    assert.equal(processed, 'HELLO FROM S3');
  });
});
