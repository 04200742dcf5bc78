import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { run, s3Client, s3Error } from './helpers.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:config-target';

describe('S3 notification configuration', () => {
  let t: TestTributary;
  let s3: S3Client;
  let sqs: SQSClient;
  let queueArn: string;
  let queueUrl: string;
  const Bucket = 'notify-config';

  const put = (config: NotificationConfiguration, skip = false) =>
    s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: config, SkipDestinationValidation: skip || undefined }));

  before(async () => {
    t = await startTributary();
    s3 = s3Client(t.url);
    sqs = new SQSClient({ ...clientConfig(t.url), maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'config-queue' }))).QueueUrl!;
    queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await createFunction(lambdaClient(t.url), 'config-target');
  });
  after(async () => {
    await t.stop();
  });

  test('a new bucket has an empty configuration', async () => {
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    assert.equal(got.LambdaFunctionConfigurations, undefined);
    assert.equal(got.QueueConfigurations, undefined);
  });

  test('a configuration round-trips with generated Ids and capitalised filter rule names', async () => {
    await put({
      LambdaFunctionConfigurations: [
        {
          Id: 'thumbnails',
          LambdaFunctionArn: FUNCTION_ARN,
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'prefix', Value: 'images/' },
                { Name: 'suffix', Value: '.jpg' },
              ],
            },
          },
        },
      ],
      QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectRemoved:*'] }],
    });
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    assert.deepEqual(got.LambdaFunctionConfigurations, [
      {
        Id: 'thumbnails',
        LambdaFunctionArn: FUNCTION_ARN,
        Events: ['s3:ObjectCreated:*'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'Prefix', Value: 'images/' },
              { Name: 'Suffix', Value: '.jpg' },
            ],
          },
        },
      },
    ]);
    assert.equal(got.QueueConfigurations?.length, 1);
    assert.equal(got.QueueConfigurations![0]!.QueueArn, queueArn);
    assert.match(got.QueueConfigurations![0]!.Id ?? '', /^[A-Za-z0-9+/=]{20,}$/);
  });

  test('saving a configuration sends s3:TestEvent to its queues', async () => {
    const message = await eventually(
      async () => {
        const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
        return res.Messages?.map((m) => ({ m, body: JSON.parse(m.Body!) })).find((x) => x.body.Event === 's3:TestEvent');
      },
      10_000,
      's3:TestEvent',
    );
    assert.equal(message.body.Service, 'Amazon S3');
    assert.equal(message.body.Bucket, Bucket);
    assert.match(message.body.Time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(message.body.RequestId);
    assert.ok(message.body.HostId);
    assert.equal(message.body.Records, undefined);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.m.ReceiptHandle }));
  });

  test('an empty configuration removes every notification', async () => {
    await put({});
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    assert.equal(got.LambdaFunctionConfigurations, undefined);
    assert.equal(got.QueueConfigurations, undefined);
  });

  test('two configurations sharing an event type without filters overlap', async () => {
    const err = await s3Error(
      put({
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: FUNCTION_ARN, Events: ['s3:ObjectCreated:*'] }],
        QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectCreated:Put'] }],
      }),
    );
    assert.equal(err.name, 'InvalidArgument');
    assert.equal(err.message, 'Configurations overlap. Configurations on the same bucket cannot share a common event type.');
    assert.equal(err.error.ArgumentName, 'Event');
  });

  test('overlapping prefixes with overlapping suffixes are ambiguous; disjoint suffixes are fine', async () => {
    const err = await s3Error(
      put({
        LambdaFunctionConfigurations: [
          { LambdaFunctionArn: FUNCTION_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } } },
        ],
        QueueConfigurations: [
          {
            QueueArn: queueArn,
            Events: ['s3:ObjectCreated:Put'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'prefix', Value: 'images/2024/' },
                  { Name: 'suffix', Value: 'jpg' },
                ],
              },
            },
          },
        ],
      }),
    );
    assert.equal(err.name, 'InvalidArgument');
    assert.equal(
      err.message,
      'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
    );
    await put({
      LambdaFunctionConfigurations: [
        { LambdaFunctionArn: FUNCTION_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.jpg' }] } } },
      ],
      QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.png' }] } } }],
    });
    await put({
      LambdaFunctionConfigurations: [{ LambdaFunctionArn: FUNCTION_ARN, Events: ['s3:ObjectCreated:*'] }],
      QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectRemoved:*'] }],
    });
  });

  test('bad filter rules and unparsable ARNs are InvalidArgument', async () => {
    const name = await s3Error(
      put({
        QueueConfigurations: [
          { QueueArn: queueArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'middle' as any, Value: 'x' }] } } },
        ],
      }),
    );
    assert.equal(name.name, 'InvalidArgument');
    assert.equal(name.message, 'filter rule name must be either prefix or suffix');
    assert.equal(name.error.ArgumentName, 'FilterRule.Name');
    const twice = await s3Error(
      put({
        QueueConfigurations: [
          {
            QueueArn: queueArn,
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'prefix', Value: 'a' },
                  { Name: 'prefix', Value: 'b' },
                ],
              },
            },
          },
        ],
      }),
    );
    assert.equal(twice.message, 'Cannot specify more than one prefix rule in a filter.');
    const arn = await s3Error(put({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'not-an-arn', Events: ['s3:ObjectCreated:*'] }] }));
    assert.equal(arn.message, 'The ARN could not be parsed');
    assert.equal(arn.error.ArgumentName, 'CloudFunction');
    const event = await s3Error(put({ QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectExploded:*' as any] }] }));
    assert.equal(event.name, 'InvalidArgument');
  });

  test('destinations that do not exist cannot be validated unless validation is skipped', async () => {
    const missingFn = 'arn:aws:lambda:us-east-1:123456789012:function:nope';
    const missingQueue = 'arn:aws:sqs:us-east-1:123456789012:nope';
    const err = await s3Error(
      put({
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: missingFn, Events: ['s3:ObjectCreated:*'] }],
        QueueConfigurations: [{ QueueArn: missingQueue, Events: ['s3:ObjectRemoved:*'] }],
      }),
    );
    assert.equal(err.name, 'InvalidArgument');
    assert.equal(err.message, 'Unable to validate the following destination configurations');
    const raw = await fetch(`${t.url}/${Bucket}?notification`, {
      method: 'PUT',
      body: `<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>${missingFn}</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>`,
    });
    const xml = await raw.text();
    assert.match(xml, new RegExp(`<ArgumentName1>${missingFn}, null</ArgumentName1>`));
    assert.match(xml, new RegExp(`<ArgumentValue1>Not authorized to invoke function \\[${missingFn}\\]</ArgumentValue1>`));
    await put({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: missingFn, Events: ['s3:ObjectCreated:*'] }] }, true);
  });

  test('a destination in another region than the bucket is refused', async () => {
    const err = await s3Error(put({ QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:elsewhere', Events: ['s3:ObjectCreated:*'] }] }));
    assert.equal(err.name, 'InvalidArgument');
    assert.equal(err.message, 'The notification destination service region is not valid for the bucket location constraint');
  });

  test('the AWS CLI sets and reads a configuration from a JSON file', async () => {
    const file = path.join(os.tmpdir(), `notification-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        LambdaFunctionConfigurations: [
          {
            Id: 'cli-config',
            LambdaFunctionArn: FUNCTION_ARN,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.png' }] } },
          },
        ],
      }),
    );
    try {
      const cli = (...args: string[]) => run('aws', ['--endpoint-url', t.url, 's3api', ...args]);
      const put = await cli('put-bucket-notification-configuration', '--bucket', Bucket, '--notification-configuration', `file://${file}`);
      assert.equal(put.code, 0, put.stderr);
      const got = await cli('get-bucket-notification-configuration', '--bucket', Bucket);
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(JSON.parse(got.stdout), {
        LambdaFunctionConfigurations: [
          {
            Id: 'cli-config',
            LambdaFunctionArn: FUNCTION_ARN,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'Suffix', Value: '.png' }] } },
          },
        ],
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('malformed notification XML is MalformedXML', async () => {
    const res = await fetch(`${t.url}/${Bucket}?notification`, { method: 'PUT', body: '<NotificationConfiguration><QueueConfiguration>' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>MalformedXML<\/Code>/);
  });
});
