import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { clientConfig, startTributary, type TestTributary } from '../support/tributary.js';
import { s3Client, s3Error } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe('S3 restores from archive storage classes, on the injected clock', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-restore-'));
  let t: TestTributary;
  let s3: S3Client;
  let sqs: SQSClient;
  let queueUrl: string;

  const connect = async () => {
    t = await startTributary({ clock, dataDir });
    s3 = s3Client(t.url);
    sqs = new SQSClient({ ...clientConfig(t.url), maxAttempts: 1 });
  };

  /** Event names queued so far (no waiting: the clock only moves when told to). */
  const drain = async (): Promise<string[]> => {
    const names: string[] = [];
    for (;;) {
      const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!res.Messages?.length) return names;
      for (const m of res.Messages) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
        const body = JSON.parse(m.Body!);
        if (body.Records) names.push(body.Records[0].eventName);
      }
    }
  };

  before(async () => {
    await connect();
    await s3.send(new CreateBucketCommand({ Bucket: 'archive' }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'restores' }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'archive',
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: arn, Events: ['s3:ObjectRestore:*'] }] },
      }),
    );
  });
  after(async () => {
    await t.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a restore completes when the clock reaches it, even across a restart, and its copy expires after Days', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'archive', Key: 'deep.bin', Body: 'frozen', StorageClass: 'DEEP_ARCHIVE' }));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: 'deep.bin' }))).StorageClass, 'DEEP_ARCHIVE');
    await s3.send(new RestoreObjectCommand({ Bucket: 'archive', Key: 'deep.bin', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } }));
    assert.deepEqual(await drain(), ['ObjectRestore:Post']);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: 'deep.bin' }))).Restore, 'ongoing-request="true"');

    // Tributary stops with the restore pending; the new process picks it up.
    await t.stop();
    await connect();
    clock.advance(60 * 60 * 1000);
    assert.deepEqual(await drain(), ['ObjectRestore:Completed']);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: 'deep.bin' }));
    assert.equal(head.Restore, 'ongoing-request="false", expiry-date="Sat, 03 Jan 2026 00:00:00 GMT"');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'archive', Key: 'deep.bin' }));
    assert.equal(await got.Body!.transformToString(), 'frozen');

    clock.advance(2 * DAY);
    assert.deepEqual(await drain(), ['ObjectRestore:Delete']);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: 'deep.bin' }))).Restore, undefined);
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket: 'archive', Key: 'deep.bin' })))).name, 'InvalidObjectState');
  });
});
