import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { s3Client, s3Error } from './helpers.js';

const ALL_EVENTS = ['s3:ObjectCreated:*', 's3:ObjectRemoved:*', 's3:ObjectRestore:*', 's3:ObjectTagging:*', 's3:ObjectAcl:Put'] as const;

describe('S3 event notifications delivered to SQS', () => {
  let t: TestTributary;
  let s3: S3Client;
  let sqs: SQSClient;
  const queues: Record<string, { url: string; arn: string }> = {};

  async function queue(name: string) {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    queues[name] = { url, arn };
    return arn;
  }

  /** The next S3 event message on a queue (test events skipped), deleted once read. */
  async function nextEvent(name: string): Promise<{ record: any; message: Message }> {
    const { url } = queues[name]!;
    return eventually(
      async () => {
        const res = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['AWSTraceHeader'] }),
        );
        const message = res.Messages?.[0];
        if (!message) return undefined;
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
        const body = JSON.parse(message.Body!);
        if (body.Event === 's3:TestEvent') return undefined;
        assert.equal(body.Records.length, 1);
        return { record: body.Records[0], message };
      },
      10_000,
      `an event on ${name}`,
    );
  }

  async function bucketNotifyingQueue(bucket: string, queueName: string, versioned = false) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const arn = await queue(queueName);
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { QueueConfigurations: [{ Id: `${queueName}-config`, QueueArn: arn, Events: [...ALL_EVENTS] }] },
      }),
    );
  }

  before(async () => {
    t = await startTributary();
    s3 = s3Client(t.url);
    sqs = new SQSClient({ ...clientConfig(t.url), maxAttempts: 1 });
    await bucketNotifyingQueue('events-plain', 'plain-events');
    await bucketNotifyingQueue('events-versioned', 'versioned-events', true);
  });
  after(async () => {
    await t.stop();
  });

  test('PutObject produces an ObjectCreated:Put record that matches AWS field for field', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'events-plain', Key: 'uploads/red flower@home.jpg', Body: 'petals' }));
    const { record } = await nextEvent('plain-events');
    assert.deepEqual(Object.keys(record), [
      'eventVersion',
      'eventSource',
      'awsRegion',
      'eventTime',
      'eventName',
      'userIdentity',
      'requestParameters',
      'responseElements',
      's3',
    ]);
    assert.equal(record.eventVersion, '2.1');
    assert.equal(record.eventSource, 'aws:s3');
    assert.equal(record.awsRegion, 'us-east-1');
    assert.match(record.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(record.eventName, 'ObjectCreated:Put');
    assert.equal(record.userIdentity.principalId, 'AWS:test');
    assert.equal(record.requestParameters.sourceIPAddress, '127.0.0.1');
    assert.equal(record.responseElements['x-amz-request-id'], put.$metadata.requestId);
    assert.equal(record.responseElements['x-amz-id-2'], put.$metadata.extendedRequestId);
    assert.equal(record.s3.s3SchemaVersion, '1.0');
    assert.equal(record.s3.configurationId, 'plain-events-config');
    assert.equal(record.s3.bucket.name, 'events-plain');
    assert.equal(record.s3.bucket.arn, 'arn:aws:s3:::events-plain');
    assert.match(record.s3.bucket.ownerIdentity.principalId, /^A[0-9A-Z]+$/);
    assert.deepEqual(Object.keys(record.s3.object), ['key', 'size', 'eTag', 'sequencer']);
    assert.equal(record.s3.object.key, 'uploads/red+flower%40home.jpg');
    assert.equal(record.s3.object.size, 6);
    assert.equal(`"${record.s3.object.eTag}"`, put.ETag);
    assert.match(record.s3.object.sequencer, /^[0-9A-F]+$/);
  });

  test('sequencers of the same key grow with each event', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'events-plain', Key: 'seq', Body: '1' }));
    const first = (await nextEvent('plain-events')).record.s3.object.sequencer as string;
    await s3.send(new PutObjectCommand({ Bucket: 'events-plain', Key: 'seq', Body: '2' }));
    const second = (await nextEvent('plain-events')).record.s3.object.sequencer as string;
    const width = Math.max(first.length, second.length);
    assert.ok(second.padStart(width, '0') > first.padStart(width, '0'));
  });

  test('CopyObject, CompleteMultipartUpload and a form POST produce their ObjectCreated events', async () => {
    await s3.send(new CopyObjectCommand({ Bucket: 'events-plain', Key: 'copied', CopySource: 'events-plain/seq' }));
    const copy = (await nextEvent('plain-events')).record;
    assert.equal(copy.eventName, 'ObjectCreated:Copy');
    assert.equal(copy.s3.object.key, 'copied');
    assert.equal(copy.s3.object.size, 1);

    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'events-plain', Key: 'multi' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'events-plain', Key: 'multi', UploadId, PartNumber: 1, Body: 'only part' }));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'events-plain', Key: 'multi', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
    const multi = (await nextEvent('plain-events')).record;
    assert.equal(multi.eventName, 'ObjectCreated:CompleteMultipartUpload');
    assert.match(multi.s3.object.eTag, /^[0-9a-f]{32}-1$/);
    assert.equal(multi.s3.object.size, 9);

    const form = new FormData();
    form.append('key', 'forms/${filename}');
    form.append('Content-Type', 'text/plain');
    form.append('X-Amz-Credential', 'AKIDFORMUPLOAD/20260101/us-east-1/s3/aws4_request');
    form.append('file', new Blob(['posted body']), 'note.txt');
    const res = await fetch(`${t.url}/events-plain`, { method: 'POST', body: form });
    assert.equal(res.status, 204);
    const post = (await nextEvent('plain-events')).record;
    assert.equal(post.eventName, 'ObjectCreated:Post');
    assert.equal(post.s3.object.key, 'forms/note.txt');
    assert.equal(post.userIdentity.principalId, 'AWS:AKIDFORMUPLOAD');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'events-plain', Key: 'forms/note.txt' }));
    assert.equal(await got.Body!.transformToString(), 'posted body');
    assert.equal(got.ContentType, 'text/plain');
  });

  test('DeleteObject produces ObjectRemoved:Delete without size or eTag', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: 'events-plain', Key: 'copied' }));
    const { record } = await nextEvent('plain-events');
    assert.equal(record.eventName, 'ObjectRemoved:Delete');
    assert.deepEqual(Object.keys(record.s3.object), ['key', 'sequencer']);
  });

  test('in a versioned bucket, records carry versionId and a plain delete creates a delete marker', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'events-versioned', Key: 'doc', Body: 'v1' }));
    const created = (await nextEvent('versioned-events')).record;
    assert.equal(created.s3.object.versionId, put.VersionId);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'events-versioned', Key: 'doc' }));
    const marker = (await nextEvent('versioned-events')).record;
    assert.equal(marker.eventName, 'ObjectRemoved:DeleteMarkerCreated');
    assert.equal(marker.s3.object.versionId, del.VersionId);
    assert.equal(marker.s3.object.eTag, 'd41d8cd98f00b204e9800998ecf8427e');
    assert.equal(marker.s3.object.size, undefined);
    await s3.send(new DeleteObjectCommand({ Bucket: 'events-versioned', Key: 'doc', VersionId: put.VersionId }));
    const permanent = (await nextEvent('versioned-events')).record;
    assert.equal(permanent.eventName, 'ObjectRemoved:Delete');
    assert.equal(permanent.s3.object.versionId, put.VersionId);
  });

  test('restoring an archived object sends ObjectRestore:Post, then ObjectRestore:Completed when the copy is ready', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log', Body: 'cold data', StorageClass: 'GLACIER' }));
    await nextEvent('plain-events');
    const frozen = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log' })));
    assert.equal(frozen.name, 'InvalidObjectState');
    assert.equal(frozen.status, 403);
    const restore = await s3.send(
      new RestoreObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Expedited' } } }),
    );
    assert.equal(restore.$metadata.httpStatusCode, 202);
    const again = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log', RestoreRequest: { Days: 2 } })));
    assert.equal(again.name, 'RestoreAlreadyInProgress');
    const posted = (await nextEvent('plain-events')).record;
    assert.equal(posted.eventName, 'ObjectRestore:Post');
    assert.equal(posted.s3.object.size, 9);
    const completed = (await nextEvent('plain-events')).record;
    assert.equal(completed.eventName, 'ObjectRestore:Completed');
    assert.match(completed.userIdentity.principalId, /^AmazonCustomer:/);
    assert.equal(completed.glacierEventData.restoreEventData.lifecycleRestoreStorageClass, 'GLACIER');
    assert.match(completed.glacierEventData.restoreEventData.lifecycleRestorationExpiryTime, /^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log' }));
    assert.match(head.Restore ?? '', /^ongoing-request="false", expiry-date="/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'events-plain', Key: 'archive/old.log' }));
    assert.equal(await got.Body!.transformToString(), 'cold data');
    const standard = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: 'events-plain', Key: 'seq', RestoreRequest: { Days: 1 } })));
    assert.equal(standard.name, 'InvalidObjectState');
  });

  test('tagging an object or setting its ACL sends ObjectTagging and ObjectAcl records (eventVersion 2.3, no sequencer)', async () => {
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'events-plain', Key: 'seq', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    const tagged = (await nextEvent('plain-events')).record;
    assert.equal(tagged.eventName, 'ObjectTagging:Put');
    assert.equal(tagged.eventVersion, '2.3');
    assert.deepEqual(Object.keys(tagged.s3.object), ['key', 'eTag']);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'events-plain', Key: 'seq' }));
    assert.equal((await nextEvent('plain-events')).record.eventName, 'ObjectTagging:Delete');
    await s3.send(new PutObjectAclCommand({ Bucket: 'events-plain', Key: 'seq', ACL: 'private' }));
    const acl = (await nextEvent('plain-events')).record;
    assert.equal(acl.eventName, 'ObjectAcl:Put');
    assert.equal(acl.eventVersion, '2.3');
  });

  test("the request's X-Amzn-Trace-Id travels to the queue as AWSTraceHeader", async () => {
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const res = await fetch(`${t.url}/events-plain/traced`, { method: 'PUT', body: 'x', headers: { 'X-Amzn-Trace-Id': trace } });
    assert.equal(res.status, 200);
    const { message } = await nextEvent('plain-events');
    assert.equal(message.Attributes?.AWSTraceHeader, trace);
  });

  test('prefix and suffix filters decide which keys notify', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'events-filtered' }));
    const arn = await queue('filtered-events');
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'events-filtered',
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              QueueArn: arn,
              Events: ['s3:ObjectCreated:Put'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: 'in/' },
                    { Name: 'suffix', Value: '.csv' },
                  ],
                },
              },
            },
          ],
        },
      }),
    );
    for (const Key of ['in/a.csv', 'in/a.txt', 'out/a.csv', 'in/sub/b.csv']) {
      await s3.send(new PutObjectCommand({ Bucket: 'events-filtered', Key, Body: 'x' }));
    }
    await s3.send(new CopyObjectCommand({ Bucket: 'events-filtered', Key: 'in/copied.csv', CopySource: 'events-filtered/in/a.csv' }));
    await s3.send(new PutObjectCommand({ Bucket: 'events-filtered', Key: 'in/zz-sentinel.csv', Body: 'x' }));
    const expected = ['in/a.csv', 'in/sub/b.csv', 'in/zz-sentinel.csv'];
    const keys: string[] = [];
    while (!expected.every((k) => keys.includes(k))) keys.push((await nextEvent('filtered-events')).record.s3.object.key);
    // Anything the filter should have dropped was sent before the last expected event: it would be here by now.
    const rest = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues['filtered-events']!.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    keys.push(...(rest.Messages ?? []).map((m) => JSON.parse(m.Body!).Records?.[0]?.s3.object.key));
    assert.deepEqual(keys.sort(), expected);
  });
});
