import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { rawRequest, type RawReply } from '../support/raw-http.js';
import { AWS_OWN_5XX, Gen, type FuzzRequest, mulberry32, RESPONSE_BOUND_MS, SEED } from './fuzz-gen.js';

/**
 * The seeded, bounded fuzzer over the services beyond Lambda, SQS and S3: DynamoDB and its
 * streams (JSON 1.0), EventBridge and Logs (JSON 1.1), SNS, ELBv2 and STS (query), Scheduler and
 * API Gateway v1/v2 (REST-JSON). No 5xx but AWS's own, an answer within a bound, healthy after.
 * Reproduce with TRIBUTARY_FUZZ_SEED=<seed>.
 */
const REQUESTS = Number(process.env.TRIBUTARY_FUZZ_SERVICE_REQUESTS ?? 360);
const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

const DYNAMODB_OPS = [
  'CreateTable',
  'DescribeTable',
  'UpdateTable',
  'DeleteTable',
  'ListTables',
  'PutItem',
  'GetItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
  'UpdateTimeToLive',
  'TagResource',
  'Nope',
];
const STREAMS_OPS = ['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords', 'Nope'];
const EVENTS_OPS = [
  'PutEvents',
  'PutRule',
  'PutTargets',
  'TestEventPattern',
  'DescribeRule',
  'ListRules',
  'CreateEventBus',
  'DeleteRule',
  'RemoveTargets',
  'CreateArchive',
  'StartReplay',
  'PutPermission',
  'Nope',
];
const LOGS_OPS = [
  'CreateLogGroup',
  'CreateLogStream',
  'PutLogEvents',
  'GetLogEvents',
  'FilterLogEvents',
  'DescribeLogGroups',
  'DescribeLogStreams',
  'PutRetentionPolicy',
  'TagResource',
  'Nope',
];
const SNS_ACTIONS = [
  'CreateTopic',
  'Publish',
  'PublishBatch',
  'Subscribe',
  'Unsubscribe',
  'SetSubscriptionAttributes',
  'GetTopicAttributes',
  'SetTopicAttributes',
  'ListTopics',
  'ConfirmSubscription',
  'TagResource',
  'Nope',
];
const ELB_ACTIONS = [
  'CreateLoadBalancer',
  'CreateTargetGroup',
  'CreateListener',
  'CreateRule',
  'RegisterTargets',
  'DescribeLoadBalancers',
  'DescribeTargetHealth',
  'ModifyRule',
  'DeleteLoadBalancer',
  'AddTags',
  'Nope',
];
const STS_ACTIONS = ['GetCallerIdentity', 'AssumeRole', 'GetSessionToken', 'AssumeRoleWithWebIdentity', 'Nope'];

const TABLE = 'fuzz-table';
const EXPRESSIONS = [
  'a = :v',
  '#k = :v AND begins_with(b, :v)',
  `${'('.repeat(200)}a = :v${')'.repeat(200)}`,
  `${'a.'.repeat(400)}b = :v`,
  'SET a = a + :v, b = list_append(b, :v) REMOVE c',
  'attribute_exists(a) OR NOT size(b) > :v',
  'a IN (:v, :v, :v)',
  'a BETWEEN :v AND',
  ':v = :v = :v',
  'x'.repeat(5000),
];
const STATEMENTS = [
  'SELECT * FROM "fuzz-table"',
  `SELECT * FROM "fuzz-table" WHERE pk = '${'x'.repeat(10)}'`,
  'INSERT INTO "fuzz-table" VALUE {\'pk\': ?}',
  'UPDATE x SET',
  `SELECT * FROM t WHERE ${'('.repeat(300)}a=1${')'.repeat(300)}`,
  'DELETE FROM',
];
const PATTERNS = [
  '{"source":["a"]}',
  '{"detail":{"x":[{"numeric":[">",0,"<",5]}]}}',
  '{"a":[{"prefix":""}]}',
  `${'{"a":'.repeat(200)}["x"]${'}'.repeat(200)}`,
  '{"a":[{"wildcard":"*a*b*c*d*e*"}]}',
  '[]',
  'not json',
  '{"a":[{"anything-but":{"prefix":1}}]}',
];

function attributeValue(g: Gen): unknown {
  return g.pick([
    { S: g.text(8) },
    { N: g.pick(['1', '1e400', 'x', '-0', '99999999999999999999999999999999999999999']) },
    { B: g.pick(['AA==', '!!']) },
    { BOOL: g.value() },
    { NULL: true },
    { L: [{ S: 'a' }, {}] },
    { M: { a: { S: 'x' } } },
    { SS: [] },
    { NS: ['1', '1'] },
    g.value(),
    {},
  ]);
}

function dynamodbBody(g: Gen): unknown {
  const body: Record<string, unknown> = { TableName: g.pick([TABLE, TABLE, g.text(6), '']) };
  const add = (name: string, value: () => unknown) => {
    if (g.chance(0.45)) body[name] = value();
  };
  add('Key', () => ({ pk: attributeValue(g) }));
  add('Item', () => ({ pk: attributeValue(g), [g.text(4)]: attributeValue(g) }));
  add('KeyConditionExpression', () => g.pick(EXPRESSIONS));
  add('FilterExpression', () => g.pick(EXPRESSIONS));
  add('ConditionExpression', () => g.pick(EXPRESSIONS));
  add('UpdateExpression', () => g.pick(EXPRESSIONS));
  add('ProjectionExpression', () => g.pick(EXPRESSIONS));
  add('ExpressionAttributeValues', () => ({ ':v': attributeValue(g) }));
  add('ExpressionAttributeNames', () => ({ '#k': g.pick(['pk', '', g.text(5)]) }));
  add('Statement', () => g.pick(STATEMENTS));
  add('Parameters', () => [attributeValue(g)]);
  add('Limit', () => g.value());
  add('ExclusiveStartKey', () => ({ pk: attributeValue(g) }));
  add('RequestItems', () => ({ [TABLE]: g.chance(0.5) ? [{ PutRequest: { Item: { pk: attributeValue(g) } } }] : { Keys: [{ pk: attributeValue(g) }] } }));
  add('TransactItems', () => [{ Put: { TableName: TABLE, Item: { pk: attributeValue(g) } } }, { ConditionCheck: g.value() }]);
  add('Statements', () => [{ Statement: g.pick(STATEMENTS) }]);
  add('KeySchema', () => [{ AttributeName: 'pk', KeyType: g.pick(['HASH', 'RANGE', 'X']) }]);
  add('AttributeDefinitions', () => [{ AttributeName: 'pk', AttributeType: g.pick(['S', 'N', 'Q']) }]);
  add('BillingMode', () => g.pick(['PAY_PER_REQUEST', 'PROVISIONED', 'x']));
  add('StreamSpecification', () => ({ StreamEnabled: g.value(), StreamViewType: g.pick(['NEW_IMAGE', 'BOGUS']) }));
  add('TimeToLiveSpecification', () => ({ Enabled: g.value(), AttributeName: g.text(4) }));
  return body;
}

function jsonRpc(g: Gen, version: string, prefix: string, ops: readonly string[], service: string, body: () => unknown): FuzzRequest {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${prefix}.${g.pick(ops)}`, authorization: auth(service) },
    body: g.chance(0.75) ? JSON.stringify(body()) : g.jsonBody(),
  };
}

function query(g: Gen, service: string, version: string, actions: readonly string[], params: Record<string, () => string>): FuzzRequest {
  const form = new URLSearchParams({ Action: g.pick(actions), Version: version });
  const names = Object.keys(params);
  for (let i = g.int(7); i > 0; i--) {
    const name = g.pick(names);
    form.set(name, g.chance(0.7) ? params[name]!() : String(g.value()));
  }
  return { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth(service) }, body: form.toString() };
}

const makers: ((g: Gen) => FuzzRequest)[] = [
  (g) => jsonRpc(g, '1.0', 'DynamoDB_20120810', DYNAMODB_OPS, 'dynamodb', () => dynamodbBody(g)),
  (g) => jsonRpc(g, '1.0', 'DynamoDB_20120810', DYNAMODB_OPS, 'dynamodb', () => dynamodbBody(g)),
  (g) =>
    jsonRpc(g, '1.0', 'DynamoDBStreams_20120810', STREAMS_OPS, 'dynamodb', () => ({
      StreamArn: g.pick([`arn:aws:dynamodb:us-east-1:123456789012:table/${TABLE}/stream/2026-01-01T00:00:00.000`, g.text(10)]),
      ShardId: g.text(8),
      ShardIteratorType: g.pick(['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'X']),
      SequenceNumber: g.pick(['1', '-1', 'x', '9'.repeat(60)]),
      ShardIterator: g.pick([g.text(20), 'AAAA', '']),
      Limit: g.value(),
    })),
  (g) =>
    jsonRpc(g, '1.1', 'AWSEvents', EVENTS_OPS, 'events', () => ({
      Name: g.pick(['fuzz-rule', g.text(6)]),
      EventBusName: g.pick(['default', g.text(6)]),
      EventPattern: g.pick(PATTERNS),
      Event: g.pick(['{"source":"a"}', g.text(10), '{}']),
      ScheduleExpression: g.pick(['rate(1 minute)', 'rate(0 minutes)', 'cron(0 12 * * ? *)', 'cron(', g.text(8)]),
      Entries: [{ Source: g.text(5), DetailType: g.text(5), Detail: g.pick(['{}', '{"x":1}', 'nope', '[]']), EventBusName: g.value() }],
      Rule: 'fuzz-rule',
      Targets: [
        {
          Id: g.text(4),
          Arn: g.pick(['arn:aws:sqs:us-east-1:123456789012:q', g.text(8)]),
          InputTransformer: { InputPathsMap: { a: g.pick(['$.detail', '$..x', g.text(5)]) }, InputTemplate: g.pick(['<a>', '{"x": <a>}', '<<<', g.text(10)]) },
          InputPath: g.pick(['$.x', '$[', '']),
        },
      ],
      Ids: [g.text(4)],
    })),
  (g) =>
    jsonRpc(g, '1.1', 'Logs_20140328', LOGS_OPS, 'logs', () => ({
      logGroupName: g.pick(['/fuzz', g.text(8), '']),
      logStreamName: g.pick(['s', g.text(8)]),
      logEvents: [{ timestamp: g.value(), message: g.value() }],
      filterPattern: g.pick(['ERROR', '{ $.x = 1 }', '[a, b]', '"', '{ $.', g.text(8)]),
      startTime: g.value(),
      limit: g.value(),
      retentionInDays: g.value(),
      nextToken: g.text(10),
    })),
  (g) =>
    query(g, 'sns', '2010-03-31', SNS_ACTIONS, {
      Name: () => g.pick(['fuzz-topic', 'x.fifo', g.text(6)]),
      TopicArn: () => g.pick(['arn:aws:sns:us-east-1:123456789012:fuzz-topic', g.text(10)]),
      Message: () => g.text(30),
      MessageStructure: () => g.pick(['json', 'x']),
      Protocol: () => g.pick(['sqs', 'lambda', 'http', 'email', 'x']),
      Endpoint: () => g.pick(['arn:aws:sqs:us-east-1:123456789012:q', 'http://127.0.0.1:1/', g.text(8)]),
      'Attributes.entry.1.key': () => g.pick(['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery']),
      'Attributes.entry.1.value': () => g.pick(PATTERNS),
      AttributeName: () => g.pick(['FilterPolicy', 'DeliveryPolicy', 'Policy']),
      AttributeValue: () => g.pick(PATTERNS),
      'MessageAttributes.entry.1.Name': () => g.text(5),
      'MessageAttributes.entry.1.Value.DataType': () => g.pick(['String', 'Number', 'Binary', 'String.Array', 'x']),
      'MessageAttributes.entry.1.Value.StringValue': () => g.pick(['[1,2', '1e999', g.text(6)]),
      'PublishBatchRequestEntries.member.1.Id': () => g.text(4),
      'PublishBatchRequestEntries.member.1.Message': () => g.text(6),
      SubscriptionArn: () => g.text(20),
      Token: () => g.text(20),
    }),
  (g) =>
    query(g, 'elasticloadbalancing', '2015-12-01', ELB_ACTIONS, {
      Name: () => g.pick(['fuzz-lb', g.text(8), '-bad-']),
      LoadBalancerArn: () => g.text(20),
      TargetGroupArn: () => g.text(20),
      ListenerArn: () => g.text(20),
      Protocol: () => g.pick(['HTTP', 'HTTPS', 'TCP', 'x']),
      Port: () => String(g.value()),
      TargetType: () => g.pick(['lambda', 'ip', 'instance', 'x']),
      Priority: () => String(g.value()),
      'Conditions.member.1.Field': () => g.pick(['path-pattern', 'host-header', 'http-header', 'query-string', 'x']),
      'Conditions.member.1.Values.member.1': () => g.pick(['/*', '*'.repeat(200), g.text(10)]),
      'Actions.member.1.Type': () => g.pick(['forward', 'fixed-response', 'redirect', 'x']),
      'Actions.member.1.FixedResponseConfig.StatusCode': () => String(g.value()),
      'Targets.member.1.Id': () => g.text(10),
      'Subnets.member.1': () => g.text(6),
    }),
  (g) =>
    query(g, 'sts', '2011-06-15', STS_ACTIONS, {
      RoleArn: () => g.pick(['arn:aws:iam::123456789012:role/r', g.text(10)]),
      RoleSessionName: () => g.text(10),
      DurationSeconds: () => String(g.value()),
      WebIdentityToken: () => g.pick(['a.b.c', g.text(30)]),
      Policy: () => g.pick(PATTERNS),
    }),
  (g) =>
    rest(g, 'scheduler', [`/schedules/${g.pick(['fuzz-schedule', g.text(6)])}`, '/schedules', '/schedule-groups', `/schedule-groups/${g.text(6)}`], () => ({
      ScheduleExpression: g.pick(['rate(1 minute)', 'at(2026-01-01T00:00:00)', 'cron(0 0 * * ? *)', 'rate(-1 hours)', g.text(8)]),
      ScheduleExpressionTimezone: g.pick(['UTC', 'Mars/Olympus', g.text(5)]),
      FlexibleTimeWindow: { Mode: g.pick(['OFF', 'FLEXIBLE', 'x']), MaximumWindowInMinutes: g.value() },
      Target: {
        Arn: g.pick(['arn:aws:sqs:us-east-1:123456789012:q', g.text(8)]),
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        Input: g.value(),
        RetryPolicy: g.value(),
      },
      StartDate: g.value(),
      State: g.pick(['ENABLED', 'DISABLED', 'x']),
    })),
  (g) =>
    rest(
      g,
      'apigateway',
      [
        '/restapis',
        `/restapis/${g.text(6)}`,
        `/restapis/${g.text(6)}/resources`,
        `/restapis/${g.text(6)}/deployments`,
        '/apikeys',
        '/usageplans',
        '/domainnames',
        `/restapis/${g.text(6)}/resources/${g.text(4)}/methods/GET/integration`,
      ],
      () => ({
        name: g.value(),
        pathPart: g.pick(['{proxy+}', '{a}', '', g.text(6)]),
        patchOperations: [{ op: g.pick(['replace', 'add', 'remove', 'x']), path: g.pick(['/name', '/~1a', '/', g.text(6)]), value: g.value() }],
        requestTemplates: {
          'application/json': g.pick(['$input.json("$")', '#foreach($i in [1..100000])$i#end', '#if(', '${'.repeat(100), '#set($a = $a + 1)'.repeat(50)]),
        },
        type: g.pick(['AWS_PROXY', 'MOCK', 'HTTP', 'x']),
        uri: g.text(10),
      }),
    ),
  (g) =>
    rest(
      g,
      'apigateway',
      [
        '/v2/apis',
        `/v2/apis/${g.text(6)}`,
        `/v2/apis/${g.text(6)}/routes`,
        `/v2/apis/${g.text(6)}/integrations`,
        `/v2/apis/${g.text(6)}/stages`,
        '/v2/domainnames',
      ],
      () => ({
        name: g.value(),
        protocolType: g.pick(['HTTP', 'WEBSOCKET', 'x']),
        routeKey: g.pick(['GET /a', '$default', 'ANY /{proxy+}', 'BAD', g.text(6)]),
        routeSelectionExpression: g.pick(['$request.body.action', '${', g.text(6)]),
        integrationType: g.pick(['AWS_PROXY', 'HTTP_PROXY', 'x']),
        payloadFormatVersion: g.pick(['1.0', '2.0', '3.0']),
        corsConfiguration: { allowOrigins: g.value(), maxAge: g.value() },
      }),
    ),
];

function rest(g: Gen, service: string, paths: readonly string[], body: () => unknown): FuzzRequest {
  const method = g.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  // Random segments go out percent-encoded where HTTP requires it; a stray `%` or `?` stays as bait.
  const path =
    g.pick(paths).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?{}]/gu, (c) => encodeURIComponent(c)) +
    (g.chance(0.2) ? `?limit=${g.pick(['-1', 'x', '0'])}&position=${encodeURIComponent(g.text(6))}` : '');
  const headers = { 'content-type': 'application/json', authorization: auth(service) };
  return { method, path, headers, body: method === 'GET' || method === 'DELETE' ? undefined : g.chance(0.8) ? JSON.stringify(body()) : g.jsonBody() };
}

describe('fuzzing the newer services', () => {
  const t = tributaryPerSuite({ config: { headersTimeoutMs: 2_000, bodyIdleMs: 2_000 } });
  const dynamodb = clientPerSuite(t, (url) => new DynamoDBClient(clientConfig(url)));
  const sns = clientPerSuite(t, (url) => new SNSClient(clientConfig(url)));

  test(`${REQUESTS} seeded requests (seed ${SEED}): no crash, no 5xx but AWS's own, every answer in time, healthy afterwards`, {
    timeout: 120_000,
  }, async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await sns.send(new CreateTopicCommand({ Name: 'fuzz-topic' }));
    const g = new Gen(mulberry32(SEED));
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const request = g.pick(makers)(g);
      const described = `seed ${SEED} #${i}: ${request.method} ${request.path} ${request.headers['x-amz-target'] ?? ''} ${JSON.stringify((request.body ?? '').slice(0, 240))}`;
      let reply: RawReply;
      try {
        reply = await rawRequest(t.url, { ...request, timeoutMs: RESPONSE_BOUND_MS });
      } catch (err) {
        failures.push(`${described} got no answer: ${err instanceof Error ? err.message : err}`);
        continue;
      }
      if (reply.status >= 500 && !AWS_OWN_5XX.has(reply.status)) failures.push(`${described} -> ${reply.status} ${reply.body.slice(0, 300)}`);
    }
    assert.deepEqual(failures, []);
    assert.equal((await rawRequest(t.url, { path: '/_tributary/health' })).status, 200);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'after-fuzz',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(new PutItemCommand({ TableName: 'after-fuzz', Item: { pk: { S: 'a' }, v: { S: 'still here' } } }));
    const got = await dynamodb.send(new GetItemCommand({ TableName: 'after-fuzz', Key: { pk: { S: 'a' } } }));
    assert.equal(got.Item?.v?.S, 'still here');
  });
});
