import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from './helpers.js';

describe('SQS queue operations through the AWS SDK', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, sqsClient);

  test('CreateQueue returns a URL on the host the client called, and GetQueueUrl finds it', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    assert.equal(QueueUrl, `${t.url}/queue/us-east-1/123456789012/orders`);
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    assert.equal(found.QueueUrl, QueueUrl);
  });

  test('CreateQueue is idempotent with the same attributes and fails with different ones', async () => {
    const first = await sqs.send(new CreateQueueCommand({ QueueName: 'idem', Attributes: { VisibilityTimeout: '45' } }));
    const again = await sqs.send(new CreateQueueCommand({ QueueName: 'idem', Attributes: { VisibilityTimeout: '45' } }));
    assert.equal(first.QueueUrl, again.QueueUrl);
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'idem', Attributes: { VisibilityTimeout: '50' } })), (err: Error & { Code?: string }) => {
      assert.equal(err.name, 'QueueNameExists');
      assert.equal(err.message, 'A queue already exists with the same name and a different value for attribute VisibilityTimeout');
      return true;
    });
  });

  test('attribute values out of range are rejected with InvalidAttributeValue', async () => {
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { VisibilityTimeout: '43201' } })), (err: Error) => {
      assert.equal(err.name, 'InvalidAttributeValue');
      assert.equal(err.message, 'Invalid value for the parameter VisibilityTimeout.');
      return true;
    });
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { Nope: '1' } as never })), { name: 'InvalidAttributeName' });
  });

  test('queue names are validated, and FIFO queues need the .fifo suffix', async () => {
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'bad name!' })), (err: Error) => {
      assert.match(err.message, /Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length/);
      return true;
    });
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'nofifo', Attributes: { FifoQueue: 'true' } })), /must end with .fifo suffix/);
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'x.fifo' })), /Can only include alphanumeric/);
  });

  test('GetQueueAttributes All reports defaults, the ARN and approximate counts', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'attrs' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    assert.equal(Attributes?.QueueArn, 'arn:aws:sqs:us-east-1:123456789012:attrs');
    assert.equal(Attributes?.VisibilityTimeout, '30');
    assert.equal(Attributes?.MaximumMessageSize, '1048576');
    assert.equal(Attributes?.MessageRetentionPeriod, '345600');
    assert.equal(Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(Attributes?.FifoQueue, undefined);
    const one = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['DelaySeconds'] }));
    assert.deepEqual(one.Attributes, { DelaySeconds: '0' });
    await assert.rejects(sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Bogus' as never] })), { name: 'InvalidAttributeName' });
  });

  test('SetQueueAttributes stores a redrive policy as JSON and ListDeadLetterSourceQueues finds the source', async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'src-dlq' }));
    const src = await sqs.send(new CreateQueueCommand({ QueueName: 'src' }));
    const dlqArn = 'arn:aws:sqs:us-east-1:123456789012:src-dlq';
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: src.QueueUrl,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }), DelaySeconds: '2' },
      }),
    );
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: src.QueueUrl, AttributeNames: ['RedrivePolicy', 'DelaySeconds'] }));
    assert.deepEqual(JSON.parse(Attributes!.RedrivePolicy!), { deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    assert.equal(Attributes!.DelaySeconds, '2');
    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.QueueUrl }));
    assert.deepEqual(sources.queueUrls, [src.QueueUrl]);
    await assert.rejects(
      sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: src.QueueUrl,
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:missing', maxReceiveCount: 3 }) },
        }),
      ),
      (err: Error) => {
        assert.equal(err.name, 'InvalidParameterValue');
        assert.match(err.message, /Reason: Dead letter target does not exist\./);
        return true;
      },
    );
  });

  test('a RedriveAllowPolicy decides which queues may use a queue as their dead-letter queue', async () => {
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'guarded-dlq',
        Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: ['arn:aws:sqs:us-east-1:123456789012:allowed'] }) },
      }),
    );
    const redrive = JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:guarded-dlq', maxReceiveCount: 2 });
    await sqs.send(new CreateQueueCommand({ QueueName: 'allowed', Attributes: { RedrivePolicy: redrive } }));
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'refused', Attributes: { RedrivePolicy: redrive } })), { name: 'InvalidParameterValue' });
    const allowPolicyError = async (policy: string) => {
      try {
        await sqs.send(new CreateQueueCommand({ QueueName: 'bad-allow', Attributes: { RedriveAllowPolicy: policy } }));
      } catch (err) {
        assert.equal((err as Error).name, 'InvalidParameterValue');
        return (err as Error).message;
      }
      assert.fail(`RedriveAllowPolicy ${policy} was accepted`);
    };
    const byQueue = JSON.stringify({ redrivePermission: 'byQueue' });
    assert.equal(
      await allowPolicyError(byQueue),
      `Value ${byQueue} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.`,
    );
    const eleven = JSON.stringify({
      redrivePermission: 'byQueue',
      sourceQueueArns: Array.from({ length: 11 }, (_, i) => `arn:aws:sqs:us-east-1:123456789012:q${i}`),
    });
    assert.match(await allowPolicyError(eleven), /The maximum number of source queue ARNs you can specify is 10\.$/);
    const allowAllWithSources = JSON.stringify({ redrivePermission: 'allowAll', sourceQueueArns: ['arn:aws:sqs:us-east-1:123456789012:allowed'] });
    assert.match(await allowPolicyError(allowAllWithSources), /To specify one or more source queue ARNs, you must set redrivePermission to byQueue\.$/);
    for (const malformed of ['not json', JSON.stringify({ redrivePermission: 'sometimes' }), JSON.stringify({ redrivePermission: 'allowAll', extra: 1 })]) {
      assert.equal(
        await allowPolicyError(malformed),
        "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.",
      );
    }
  });

  test('ListQueues filters by prefix and paginates with MaxResults', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await sqs.send(new CreateQueueCommand({ QueueName: n }));
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2 }));
    assert.equal(first.QueueUrls?.length, 2);
    assert.ok(first.NextToken);
    const second = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.QueueUrls, [`${t.url}/queue/us-east-1/123456789012/page-c`]);
    assert.equal(second.NextToken, undefined);
    const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'zzz' }));
    assert.equal(none.QueueUrls, undefined);
  });

  test('queues are scoped by region', async () => {
    const west = sqsClient(t.url, 'eu-west-1');
    try {
      await west.send(new CreateQueueCommand({ QueueName: 'regional' }));
      await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'regional' })), { name: 'QueueDoesNotExist' });
      // Same-named queues in two regions have different URLs; each URL names its own queue whoever asks.
      const { QueueUrl: eastUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'regional' }));
      const { QueueUrl: westUrl } = await west.send(new GetQueueUrlCommand({ QueueName: 'regional' }));
      assert.equal(westUrl, `${t.url}/queue/eu-west-1/123456789012/regional`);
      assert.notEqual(eastUrl, westUrl);
      const viaEast = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: westUrl, AttributeNames: ['QueueArn'] }));
      assert.equal(viaEast.Attributes?.QueueArn, 'arn:aws:sqs:eu-west-1:123456789012:regional');
      const byHost = await sqs.send(new GetQueueUrlCommand({ QueueName: 'regional' }));
      assert.equal(byHost.QueueUrl, eastUrl);
      const { Attributes } = await west.send(new GetQueueAttributesCommand({ QueueUrl: `${t.url}/123456789012/regional`, AttributeNames: ['QueueArn'] }));
      assert.equal(Attributes?.QueueArn, 'arn:aws:sqs:eu-west-1:123456789012:regional');
    } finally {
      west.destroy();
    }
  });

  test('AddPermission and RemovePermission edit the queue policy', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'shared' }));
    await sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'send', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    const policy = JSON.parse(Attributes!.Policy!) as { Statement: { Sid: string; Principal: { AWS: string }; Action: string }[] };
    assert.deepEqual(
      policy.Statement.map((st) => [st.Sid, st.Principal.AWS, st.Action]),
      [['send', 'arn:aws:iam::111122223333:root', 'SQS:SendMessage']],
    );
    await assert.rejects(sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'send', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] })), {
      name: 'InvalidParameterValue',
    });
    await sqs.send(new RemovePermissionCommand({ QueueUrl, Label: 'send' }));
    const after = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    assert.equal(after.Attributes, undefined);
  });

  test('tags are added, listed and removed', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'a' } }));
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'dev' } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: 'a', env: 'dev' });
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team', 'env'] }));
    assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, undefined);
  });

  test('a queue holds at most 50 tags, whether given at creation or added later', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'overtagged', tags: many })), (err: Error) => {
      assert.equal(err.name, 'InvalidParameterValue');
      assert.equal(err.message, 'Too many tags added for queue overtagged.');
      return true;
    });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'overtagged', tags: { k0: 'v' } }));
    await assert.rejects(sqs.send(new TagQueueCommand({ QueueUrl, Tags: many })), { message: 'Too many tags added for queue overtagged.' });
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { k0: 'v' });
  });

  test('a deleted queue no longer exists, with the error code and legacy code AWS sends', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'doomed' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await assert.rejects(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })),
      (err: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'QueueDoesNotExist');
        assert.equal(err.message, 'The specified queue does not exist.');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      },
    );
    const raw = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueUrl' },
      body: JSON.stringify({ QueueName: 'doomed' }),
    });
    assert.equal(raw.status, 400);
    assert.equal(raw.headers.get('x-amzn-query-error'), 'AWS.SimpleQueueService.NonExistentQueue;Sender');
    assert.equal(((await raw.json()) as { __type: string }).__type, 'com.amazonaws.sqs#QueueDoesNotExist');
  });
});
