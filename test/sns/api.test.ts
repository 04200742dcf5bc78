import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetDataProtectionPolicyCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  paginateListTopics,
  PublishBatchCommand,
  PublishCommand,
  type PublishCommandInput,
  PutDataProtectionPolicyCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { ACCOUNT, snsClient, snsError } from './helpers.js';

const arn = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;

describe('the SNS API through @aws-sdk/client-sns', () => {
  const t = tributaryPerSuite();
  const sns = clientPerSuite(t, snsClient);

  test('a new topic has the default policy, delivery policy and zero counts; attributes can be set', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'attrs' }));
    assert.equal(TopicArn, arn('attrs'));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.TopicArn, TopicArn);
    assert.equal(Attributes?.Owner, ACCOUNT);
    assert.equal(Attributes?.DisplayName, '');
    assert.equal(Attributes?.SubscriptionsConfirmed, '0');
    assert.equal(Attributes?.SubscriptionsPending, '0');
    assert.equal(Attributes?.SubscriptionsDeleted, '0');
    const policy = JSON.parse(Attributes!.Policy!);
    assert.equal(policy.Id, '__default_policy_ID');
    assert.equal(policy.Statement[0].Resource, TopicArn);
    assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { 'AWS:SourceOwner': ACCOUNT } });
    const delivery = JSON.parse(Attributes!.EffectiveDeliveryPolicy!);
    assert.equal(delivery.http.defaultHealthyRetryPolicy.numRetries, 3);
    assert.equal(delivery.http.defaultHealthyRetryPolicy.minDelayTarget, 20);
    for (const [AttributeName, AttributeValue] of [
      ['DisplayName', 'Orders'],
      ['KmsMasterKeyId', 'alias/aws/sns'],
      ['TracingConfig', 'Active'],
      ['SignatureVersion', '2'],
    ]) {
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue }));
    }
    const after = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.equal(after.DisplayName, 'Orders');
    assert.equal(after.KmsMasterKeyId, 'alias/aws/sns');
    assert.equal(after.TracingConfig, 'Active');
    assert.equal(after.SignatureVersion, '2');
    const bad = await snsError(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Nope', AttributeValue: 'x' })));
    assert.deepEqual(bad, { name: 'InvalidParameterException', message: 'Invalid parameter: AttributeName', status: 400 });
  });

  test('CreateTopic is idempotent with the same attributes and refuses different ones', async () => {
    const first = await sns.send(new CreateTopicCommand({ Name: 'same', Attributes: { DisplayName: 'A' } }));
    const again = await sns.send(new CreateTopicCommand({ Name: 'same', Attributes: { DisplayName: 'A' } }));
    assert.equal(again.TopicArn, first.TopicArn);
    const plain = await sns.send(new CreateTopicCommand({ Name: 'same' }));
    assert.equal(plain.TopicArn, first.TopicArn);
    const differs = await snsError(sns.send(new CreateTopicCommand({ Name: 'same', Attributes: { DisplayName: 'B' } })));
    assert.deepEqual(differs, {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      status: 400,
    });
  });

  test('topic names follow AWS rules; FIFO topics need the .fifo suffix and take ContentBasedDeduplication', async () => {
    const badName = await snsError(sns.send(new CreateTopicCommand({ Name: 'has space' })));
    assert.equal(badName.name, 'InvalidParameterException');
    assert.match(badName.message, /^Invalid parameter: Topic Name/);
    const fifoWithoutSuffix = await snsError(sns.send(new CreateTopicCommand({ Name: 'events', Attributes: { FifoTopic: 'true' } })));
    assert.match(fifoWithoutSuffix.message, /Fifo Topic names must end with \.fifo/);
    const suffixWithoutFifo = await snsError(sns.send(new CreateTopicCommand({ Name: 'events.fifo' })));
    assert.equal(suffixWithoutFifo.name, 'InvalidParameterException');
    const cbd = await snsError(sns.send(new CreateTopicCommand({ Name: 'std', Attributes: { ContentBasedDeduplication: 'true' } })));
    assert.equal(cbd.name, 'InvalidParameterException');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events.fifo', Attributes: { FifoTopic: 'true' } }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.FifoTopic, 'true');
    assert.equal(Attributes?.ContentBasedDeduplication, 'false');
    const noGroup = await snsError(sns.send(new PublishCommand({ TopicArn, Message: 'x' })));
    assert.deepEqual(noGroup, {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
      status: 400,
    });
    const noDedup = await snsError(sns.send(new PublishCommand({ TopicArn, Message: 'x', MessageGroupId: 'g' })));
    assert.equal(
      noDedup.message,
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  });

  test('ListTopics pages by 100 and the paginator walks every page', async () => {
    for (let i = 0; i < 105; i++) await sns.send(new CreateTopicCommand({ Name: `page-${String(i).padStart(3, '0')}` }));
    const first = await sns.send(new ListTopicsCommand({}));
    assert.equal(first.Topics?.length, 100);
    assert.ok(first.NextToken);
    const all: string[] = [];
    for await (const page of paginateListTopics({ client: sns }, {})) all.push(...(page.Topics ?? []).map((topic) => topic.TopicArn!));
    assert.equal(all.filter((a) => a.includes(':page-')).length, 105);
    assert.equal(new Set(all).size, all.length);
  });

  test('tags are added, listed and removed; unknown resources are ResourceNotFound', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'a' }] }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [
      { Key: 'team', Value: 'a' },
      { Key: 'env', Value: 'dev' },
    ]);
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team'] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'env', Value: 'dev' }]);
    const missing = await snsError(sns.send(new ListTagsForResourceCommand({ ResourceArn: arn('nope') })));
    assert.deepEqual(missing, { name: 'ResourceNotFoundException', message: 'Resource does not exist', status: 404 });
    const tooMany = await snsError(
      sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
    );
    assert.equal(tooMany.name, 'TagLimitExceededException');
  });

  test('a data protection policy is kept and echoed', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'protected' }));
    const policy = JSON.stringify({ Name: 'p', Description: '', Version: '2021-06-01', Statement: [] });
    await sns.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: policy }));
    assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, policy);
  });

  test('subscriptions: pending http, immediate sqs, counts, attributes, unsubscribe', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'subs' }));
    const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:subs-q`;
    const sqsSub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    const same = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    assert.equal(same.SubscriptionArn, sqsSub.SubscriptionArn);
    const pending = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/never' }));
    assert.equal(pending.SubscriptionArn, 'pending confirmation');
    const email = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com', ReturnSubscriptionArn: true }));
    assert.match(email.SubscriptionArn!, new RegExp(`^${TopicArn}:`));
    const mailbox = await (await fetch(`${t.url}/_tributary-sns/messages?protocol=email&endpoint=ops@example.com`)).json();
    assert.equal(mailbox.messages[0].type, 'SubscriptionConfirmation');
    assert.match(JSON.parse(mailbox.messages[0].body).SubscribeURL, /\?Action=ConfirmSubscription&TopicArn=/);
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.SubscriptionsConfirmed, '1');
    assert.equal(Attributes?.SubscriptionsPending, '2');
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.deepEqual(
      listed.Subscriptions?.map((s) => [s.Protocol, s.SubscriptionArn === 'PendingConfirmation']),
      [
        ['sqs', false],
        ['http', true],
        ['email', true],
      ],
    );
    const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn }))).Attributes!;
    assert.equal(attrs.Protocol, 'sqs');
    assert.equal(attrs.Endpoint, queueArn);
    assert.equal(attrs.PendingConfirmation, 'false');
    assert.equal(attrs.RawMessageDelivery, 'false');
    assert.equal(attrs.FilterPolicy, undefined);
    await sns.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }),
    );
    await sns.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"a":{"b":["c"]}}' }),
    );
    const filtered = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn }))).Attributes!;
    assert.equal(filtered.FilterPolicyScope, 'MessageBody');
    const nested = await snsError(
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: sqsSub.SubscriptionArn,
          AttributeName: 'FilterPolicyScope',
          AttributeValue: 'MessageAttributes',
        }),
      ),
    );
    assert.equal(nested.message, 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
    const tooMany = await snsError(
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: sqsSub.SubscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }),
        }),
      ),
    );
    assert.equal(tooMany.message, 'Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys');
    const lambdaRaw = await snsError(
      sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'lambda',
          Endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      ),
    );
    assert.equal(lambdaRaw.name, 'InvalidParameterException');
    const badProtocol = await snsError(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' })));
    assert.equal(badProtocol.message, 'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon');
    const fifoQueue = await snsError(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `${queueArn}.fifo` })));
    assert.match(fifoQueue.message, /FIFO SQS Queues can not be subscribed to standard SNS topics/);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: sqsSub.SubscriptionArn }));
    const gone = await snsError(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn })));
    assert.deepEqual(gone, { name: 'NotFoundException', message: 'Subscription does not exist', status: 404 });
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.SubscriptionsDeleted, '1');
  });

  test('Publish and PublishBatch validation errors carry AWS codes and messages', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'validation' }));
    const cases: [PublishCommandInput, string, string][] = [
      [{ TopicArn, Message: '' }, 'InvalidParameterException', 'Invalid parameter: Empty message'],
      [{ TopicArn: arn('missing'), Message: 'x' }, 'NotFoundException', 'Topic does not exist'],
      [{ TopicArn: 'not-an-arn', Message: 'x' }, 'InvalidParameterException', 'Invalid parameter: TopicArn'],
      [{ TopicArn, Message: 'x'.repeat(262_145) }, 'InvalidParameterException', 'Invalid parameter: Message too long'],
      [{ TopicArn, Message: 'x', Subject: 'line\nbreak' }, 'InvalidParameterException', 'Invalid parameter: Subject'],
      [
        { TopicArn, Message: '{"lambda":"x"}', MessageStructure: 'json' },
        'InvalidParameterException',
        'Invalid parameter: Message Structure - No default entry in JSON message body',
      ],
      [
        { TopicArn, Message: 'nope', MessageStructure: 'json' },
        'InvalidParameterException',
        'Invalid parameter: Message Structure - JSON message body failed to parse',
      ],
      [
        { TopicArn, Message: 'x', MessageDeduplicationId: 'd' },
        'InvalidParameterException',
        'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      ],
      [
        { TopicArn, Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } },
        'InvalidParameterValueException',
        "Could not cast message attribute 'n' value to number.",
      ],
      [
        { TopicArn, Message: 'x', MessageAttributes: { n: { DataType: 'Float', StringValue: '1' } } },
        'InvalidParameterValueException',
        "The message attribute 'n' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
      ],
      [{ Message: 'x' }, 'InvalidParameterException', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter'],
    ];
    for (const [input, name, message] of cases) {
      const err = await snsError(sns.send(new PublishCommand(input)));
      assert.deepEqual([err.name, err.message], [name, message], JSON.stringify(input).slice(0, 120));
    }
    const sms = await sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'code 1234' }));
    assert.ok(sms.MessageId);
    const recorded = await (await fetch(`${t.url}/_tributary-sns/messages?protocol=sms`)).json();
    assert.deepEqual(
      recorded.messages.map((m: any) => [m.endpoint, m.message, m.messageId]),
      [['+15555550100', 'code 1234', sms.MessageId]],
    );
    const tooMany = await snsError(
      sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' })) })),
    );
    assert.deepEqual(tooMany, {
      name: 'TooManyEntriesInBatchRequestException',
      message: 'The batch request contains more entries than permissible.',
      status: 400,
    });
    const dup = await snsError(
      sns.send(
        new PublishBatchCommand({
          TopicArn,
          PublishBatchRequestEntries: [
            { Id: 'a', Message: 'x' },
            { Id: 'a', Message: 'y' },
          ],
        }),
      ),
    );
    assert.equal(dup.name, 'BatchEntryIdsNotDistinctException');
    const tooLong = await snsError(
      sns.send(
        new PublishBatchCommand({
          TopicArn,
          PublishBatchRequestEntries: [
            { Id: 'a', Message: 'x'.repeat(200_000) },
            { Id: 'b', Message: 'y'.repeat(100_000) },
          ],
        }),
      ),
    );
    assert.equal(tooLong.name, 'BatchRequestTooLongException');
    const mixed = await sns.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: 'ok', Message: 'x' },
          { Id: 'bad', Message: 'y', Subject: '' },
        ],
      }),
    );
    assert.deepEqual(
      mixed.Successful?.map((s) => s.Id),
      ['ok'],
    );
    assert.deepEqual(mixed.Failed, [{ Id: 'bad', Code: 'InvalidParameter', Message: 'Invalid parameter: Subject', SenderFault: true }]);
  });

  test('DeleteTopic removes the topic and its subscriptions', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'doomed' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    const err = await snsError(sns.send(new GetTopicAttributesCommand({ TopicArn })));
    assert.equal(err.name, 'NotFoundException');
    await sns.send(new DeleteTopicCommand({ TopicArn }));
  });
});
