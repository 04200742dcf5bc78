import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, HeadObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { s3Client, s3Error } from './helpers.js';

// The mistake the seed warns about: writing back under the prefix that triggers the function.
const LOOPING = `
import boto3

s3 = boto3.client('s3')

def handler(event, context):
    record = event['Records'][0]
    bucket = record['s3']['bucket']['name']
    n = int(record['s3']['object']['key'].split('/')[-1])
    s3.put_object(Bucket=bucket, Key=f'loop/{n + 1}', Body=b'again')
`;

describe('S3 notification loops', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);

  before(async () => {
    await createFunction(lambdaClient(t.url), 'looper', { Runtime: 'python3.11', files: { 'index.py': LOOPING } });
    await s3.send(new CreateBucketCommand({ Bucket: 'loop-bucket' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'loop-bucket',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:looper',
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'loop/' }] } },
            },
          ],
        },
      }),
    );
  });

  const exists = async (Key: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: 'loop-bucket', Key }));
      return true;
    } catch (err: any) {
      if (err.$metadata?.httpStatusCode === 404) return false;
      throw err;
    }
  };

  test('a function that re-triggers itself through S3 is stopped after 16 invocations of the chain', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'loop-bucket', Key: 'loop/0', Body: 'start' }));
    await eventually(async () => ((await exists('loop/16')) ? true : undefined), 60_000, 'the 16th invocation');
    // Give a 17th invocation every chance to happen; recursion detection must have dropped it.
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await exists('loop/17'), false);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'loop-bucket', Key: 'loop/17' })))).status, 404);
  });
});
