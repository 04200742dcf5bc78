import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { observed } from '../support/observed.js';
import { createFunction, RECORDING_HANDLER, recorder, tempDirPerSuite } from '../async/helpers.js';
import { createQueue, receiveMessages } from './helpers.js';

const ACCOUNT = '123456789012';

describe('EventBridge rules and targets', () => {
  const t = tributaryPerSuite();
  const events = clientPerSuite(t, (url) => new EventBridgeClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-events-');

  test('a pattern rule delivers the envelope to SQS field for field, keys in AWS order', async () => {
    const queue = await createQueue(sqs, 'orders-events');
    await events.send(
      new PutRuleCommand({ Name: 'orders', EventPattern: JSON.stringify({ source: ['com.shop'], detail: { total: [{ numeric: ['>', 100] }] } }) }),
    );
    await events.send(new PutTargetsCommand({ Rule: 'orders', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const time = new Date('2026-01-01T10:00:00.789Z');
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'com.shop', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 50 }) },
          {
            Source: 'com.shop',
            DetailType: 'Order Placed',
            Detail: JSON.stringify({ total: 150, id: 'o-1' }),
            Resources: ['arn:aws:shop:::order/o-1'],
            Time: time,
          },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 0);
    assert.equal(put.Entries?.length, 2);
    const [message] = await receiveMessages(sqs, queue.url);
    const body = JSON.parse(message!.Body!);
    assert.deepEqual(Object.keys(body), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.deepEqual(body, {
      version: '0',
      id: put.Entries![1]!.EventId,
      'detail-type': 'Order Placed',
      source: 'com.shop',
      account: ACCOUNT,
      time: '2026-01-01T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:shop:::order/o-1'],
      detail: { total: 150, id: 'o-1' },
    });
    assert.match(String(body.id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const names = await events.send(new ListRuleNamesByTargetCommand({ TargetArn: queue.arn }));
    assert.deepEqual(names.RuleNames, ['orders']);
  });

  test('a Lambda target is invoked asynchronously with an input transformer', async () => {
    const rec = recorder(dir, 'transformed');
    const fn = await createFunction(lambda, 'eb-transformed', RECORDING_HANDLER, { environment: { RECORD_FILE: rec.file } });
    await events.send(
      new PutRuleCommand({ Name: 'to-lambda', EventPattern: JSON.stringify({ source: [{ prefix: 'app.' }], 'detail-type': ['Thing Happened'] }) }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'to-lambda',
        Targets: [
          {
            Id: 'fn',
            Arn: fn,
            InputTransformer: {
              InputPathsMap: { who: '$.detail.user.name', n: '$.detail.count', all: '$.detail', missing: '$.detail.nope' },
              InputTemplate:
                '{"message": "<who> did it <n> times", "user": <who>, "count": <n>, "detail": <all>, "rule": "<aws.events.rule-name>", "none": <missing>}',
            },
          },
        ],
      }),
    );
    const ran = observed(t, 'invocation.finished', (o) => o.ids.functionArn === fn);
    const matched = observed(t, 'rule.matched', (o) => o.ruleArn.endsWith(':rule/to-lambda'));
    const put = await events.send(
      new PutEventsCommand({ Entries: [{ Source: 'app.users', DetailType: 'Thing Happened', Detail: JSON.stringify({ user: { name: 'ana' }, count: 3 }) }] }),
    );
    const match = await matched;
    assert.deepEqual(match.ids.messageIds, [put.Entries![0]!.EventId]);
    await ran;
    assert.deepEqual(rec.lines()[0]!.event, {
      message: 'ana did it 3 times',
      user: 'ana',
      count: 3,
      detail: { user: { name: 'ana' }, count: 3 },
      rule: 'to-lambda',
      none: null,
    });
    const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'to-lambda' }));
    assert.equal(listed.Targets?.[0]?.InputTransformer?.InputPathsMap?.who, '$.detail.user.name');
  });

  test('Input and InputPath', async () => {
    const a = await createQueue(sqs, 'eb-input');
    const b = await createQueue(sqs, 'eb-input-path');
    await events.send(new PutRuleCommand({ Name: 'inputs', EventPattern: JSON.stringify({ source: ['inputs'] }) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'inputs',
        Targets: [
          { Id: 'a', Arn: a.arn, Input: '{"fixed":true}' },
          { Id: 'b', Arn: b.arn, InputPath: '$.detail.inner' },
        ],
      }),
    );
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'inputs', DetailType: 't', Detail: '{"inner":{"x":[1,2]}}' }] }));
    assert.equal((await receiveMessages(sqs, a.url))[0]!.Body, '{"fixed":true}');
    assert.equal((await receiveMessages(sqs, b.url))[0]!.Body, '{"x":[1,2]}');
  });

  test('FIFO queue targets need SqsParameters.MessageGroupId, and get it', async () => {
    const fifo = await createQueue(sqs, 'eb.fifo', { FifoQueue: 'true' });
    await events.send(new PutRuleCommand({ Name: 'fifo', EventPattern: JSON.stringify({ source: ['fifo'] }) }));
    await assert.rejects(events.send(new PutTargetsCommand({ Rule: 'fifo', Targets: [{ Id: 'f', Arn: fifo.arn }] })), {
      name: 'ValidationException',
      message: 'Parameter(s) SqsParameters must be specified for target: f.',
    });
    await events.send(new PutTargetsCommand({ Rule: 'fifo', Targets: [{ Id: 'f', Arn: fifo.arn, SqsParameters: { MessageGroupId: 'g1' } }] }));
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'fifo', DetailType: 't', Detail: '{}' }] }));
    const [m] = await receiveMessages(sqs, fifo.url);
    assert.equal(m!.Attributes?.MessageGroupId, 'g1');
  });

  test('a custom bus, and a rule on it forwarding to another bus', async () => {
    const created = await events.send(new CreateEventBusCommand({ Name: 'orders-bus' }));
    assert.equal(created.EventBusArn, `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders-bus`);
    await assert.rejects(events.send(new CreateEventBusCommand({ Name: 'orders-bus' })), {
      name: 'ResourceAlreadyExistsException',
      message: 'Event bus orders-bus already exists.',
    });
    const queue = await createQueue(sqs, 'eb-forwarded');
    await events.send(new PutRuleCommand({ Name: 'forward', EventBusName: 'orders-bus', EventPattern: JSON.stringify({ source: ['fwd'] }) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'forward',
        EventBusName: 'orders-bus',
        Targets: [{ Id: 'bus', Arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default` }],
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'forwarded', EventPattern: JSON.stringify({ source: ['fwd'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'forwarded', Targets: [{ Id: 'q', Arn: queue.arn }] }));
    const rule = await events.send(new DescribeRuleCommand({ Name: 'forward', EventBusName: 'orders-bus' }));
    assert.equal(rule.Arn, `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders-bus/forward`);
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'fwd', DetailType: 'x', Detail: '{"a":1}', EventBusName: created.EventBusArn }] }));
    const body = JSON.parse((await receiveMessages(sqs, queue.url))[0]!.Body!);
    assert.equal(body.source, 'fwd');
    assert.deepEqual(body.detail, { a: 1 });
    await assert.rejects(events.send(new DeleteEventBusCommand({ Name: 'default' })), {
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
    });
  });

  test('PutEvents fails entries, not the call', async () => {
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: 'x', Detail: '{}' },
          { Source: 's', Detail: '{}' },
          { Source: 's', DetailType: 'x' },
          { Source: 's', DetailType: 'x', Detail: 'not json' },
          { Source: 's', DetailType: 'x', Detail: '[1]' },
          { Source: 's', DetailType: 'x', Detail: '{}', EventBusName: 'nope' },
          { Source: 's', DetailType: 'x', Detail: '{}' },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 6);
    assert.deepEqual(put.Entries!.slice(0, 6), [
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
    ]);
    assert.ok(put.Entries![6]!.EventId);
    const eleven = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'x', Detail: '{}' }));
    await assert.rejects(events.send(new PutEventsCommand({ Entries: eleven })), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10/);
      return true;
    });
    const big = 'x'.repeat(200 * 1024);
    await assert.rejects(
      events.send(
        new PutEventsCommand({
          Entries: [
            { Source: 's', DetailType: 'x', Detail: JSON.stringify({ big }) },
            { Source: 's', DetailType: 'x', Detail: JSON.stringify({ big }) },
          ],
        }),
      ),
      { name: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' },
    );
  });

  test('rule validation as AWS words it', async () => {
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "x"}' })), (err: Error) => {
      assert.equal(err.name, 'InvalidEventPatternException');
      assert.match(err.message, /^Event pattern is not valid\. Reason: /);
      return true;
    });
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'rate(1 minutes)' })), {
      name: 'ValidationException',
      message: 'Parameter ScheduleExpression is not valid.',
    });
    await assert.rejects(events.send(new DescribeRuleCommand({ Name: 'nope' })), {
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus default.',
    });
    await assert.rejects(events.send(new DeleteRuleCommand({ Name: 'orders' })), {
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
  });

  test('TestEventPattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: ACCOUNT,
      source: 'aws.ec2',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'EC2 Instance State-change Notification',
      resources: [],
      detail: { state: 'running', ip: '10.0.0.7' },
    });
    const yes = await events.send(
      new TestEventPatternCommand({
        Event: event,
        EventPattern: JSON.stringify({ detail: { state: [{ 'anything-but': ['stopped'] }], ip: [{ cidr: '10.0.0.0/24' }] } }),
      }),
    );
    assert.equal(yes.Result, true);
    const no = await events.send(new TestEventPatternCommand({ Event: event, EventPattern: JSON.stringify({ source: [{ suffix: '.s3' }] }) }));
    assert.equal(no.Result, false);
  });

  test('a failing target goes to its DLQ with AWS’s attributes', async () => {
    const dlq = await createQueue(sqs, 'eb-dlq');
    const missing = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:does-not-exist`;
    await events.send(new PutRuleCommand({ Name: 'to-missing', EventPattern: JSON.stringify({ source: ['dlq-test'] }) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'to-missing',
        Targets: [{ Id: 'gone', Arn: missing, RetryPolicy: { MaximumRetryAttempts: 1 }, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    const moved = observed(t, 'dlq.moved', (o) => o.targetArn === dlq.arn);
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'dlq-test', DetailType: 'x', Detail: '{"k":1}' }] }));
    const o = await moved;
    assert.deepEqual(o.ids.messageIds, [put.Entries![0]!.EventId]);
    const [m] = await receiveMessages(sqs, dlq.url);
    assert.equal(JSON.parse(m!.Body!).id, put.Entries![0]!.EventId);
    const attrs = m!.MessageAttributes!;
    assert.equal(attrs.RULE_ARN?.StringValue, `arn:aws:events:us-east-1:${ACCOUNT}:rule/to-missing`);
    assert.equal(attrs.TARGET_ARN?.StringValue, missing);
    assert.ok(attrs.ERROR_CODE?.StringValue);
    assert.ok(attrs.ERROR_MESSAGE?.StringValue);
    assert.equal(attrs.RETRY_ATTEMPTS?.StringValue, '1');
  });

  test('bus policies are kept and echoed', async () => {
    await events.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: '111122223333', StatementId: 'partner' }));
    const bus = await events.send(new DescribeEventBusCommand({}));
    const policy = JSON.parse(bus.Policy!);
    assert.deepEqual(policy.Statement[0], {
      Sid: 'partner',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'events:PutEvents',
      Resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
    });
    await events.send(new RemovePermissionCommand({ StatementId: 'partner' }));
    assert.equal((await events.send(new DescribeEventBusCommand({}))).Policy, undefined);
    await eventually(() => true);
  });
});
