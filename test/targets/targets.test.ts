import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AsyncInvokeRequest, EventsPutEntry, Ports, SqsSendRequest } from '../../src/contracts.js';
import { parseArn, TargetError, Targets, targetKindOf, targetServiceOf, TARGET_KINDS } from '../../src/targets/index.js';

const ACCOUNT = '123456789012';
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:worker:live`;
const BUCKET = 'arn:aws:s3:::results';
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;

/** Ports that record what they were asked, with one queue, topic, function, bucket and (optionally) bus. */
function fakePorts(options: { events?: boolean } = {}) {
  const calls = {
    sqs: [] as [string, SqsSendRequest][],
    sns: [] as unknown[][],
    lambda: [] as AsyncInvokeRequest[],
    s3: [] as unknown[][],
    events: [] as [string, readonly EventsPutEntry[]][],
  };
  const ports = {
    sqs: {
      queueInfo: (arn: string) =>
        arn === QUEUE ? { arn, url: '', fifo: false, visibilityTimeoutSeconds: 30, region: 'us-east-1', accountId: ACCOUNT } : undefined,
      async sendMessage(arn: string, message: SqsSendRequest) {
        calls.sqs.push([arn, message]);
        return { messageId: 'm-1' };
      },
    },
    sns: {
      topicExists: (arn: string) => arn === TOPIC,
      async publish(...args: unknown[]) {
        calls.sns.push(args);
        return { messageId: 'n-1' };
      },
    },
    lambda: {
      functionExists: (arn: string) => arn === FUNCTION,
      async invokeAsync(request: AsyncInvokeRequest) {
        calls.lambda.push(request);
        return { requestId: 'r-1' };
      },
    },
    s3: {
      bucketExists: (accountId: string, bucket: string) => accountId === ACCOUNT && bucket === 'results',
      async putObject(...args: unknown[]) {
        calls.s3.push(args);
      },
    },
    events: options.events
      ? {
          eventBusExists: (arn: string) => arn === BUS,
          async putEvents(arn: string, entries: readonly EventsPutEntry[]) {
            calls.events.push([arn, entries]);
            return [{ eventId: 'e-1' }];
          },
        }
      : undefined,
  } as unknown as Ports;
  return { ports, calls };
}

describe('the target table', () => {
  test('a target kind is chosen by the service part of the ARN', () => {
    assert.equal(targetKindOf(QUEUE), TARGET_KINDS.sqs);
    assert.equal(targetKindOf(TOPIC), TARGET_KINDS.sns);
    assert.equal(targetKindOf(FUNCTION), TARGET_KINDS.lambda);
    assert.equal(targetKindOf(BUCKET), TARGET_KINDS.s3);
    assert.equal(targetKindOf(BUS), TARGET_KINDS.events);
    assert.equal(targetServiceOf(BUS), 'events');
  });

  test('services that are not targets and malformed ARNs have no kind', () => {
    assert.equal(targetKindOf(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/things`), undefined);
    assert.equal(targetKindOf('arn:aws:toString:us-east-1:1:x'), undefined);
    assert.equal(targetKindOf('not-an-arn'), undefined);
    assert.equal(targetKindOf('arn:aws:sqs'), undefined);
    assert.equal(targetKindOf('arn:aws:sqs:us-east-1:1:'), undefined);
  });

  test('an ARN is taken apart into partition, service, region, account and resource', () => {
    assert.deepEqual(parseArn(FUNCTION), { partition: 'aws', service: 'lambda', region: 'us-east-1', accountId: ACCOUNT, resource: 'function:worker:live' });
    assert.deepEqual(parseArn(BUCKET), { partition: 'aws', service: 's3', region: '', accountId: '', resource: 'results' });
    assert.equal(parseArn('arn::sqs:us-east-1:1:q'), undefined);
    assert.equal(parseArn('urn:aws:sqs:us-east-1:1:q'), undefined);
  });

  test('sending to an unknown kind or a malformed ARN fails with a TargetError', async () => {
    const targets = new Targets({ ports: {} as Ports });
    await assert.rejects(
      targets.send(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t`, { body: 'x' }),
      (err: Error) => err instanceof TargetError && /is not a supported target/.test(err.message),
    );
    await assert.rejects(targets.send('nope', { body: 'x' }), (err: Error) => err instanceof TargetError && /is not an ARN/.test(err.message));
    assert.equal(targets.exists('nope'), undefined);
  });
});

describe('targets', () => {
  test('exist as their services say, and cannot tell when the service is absent', () => {
    const { ports } = fakePorts();
    const targets = new Targets({ ports });
    assert.equal(targets.exists(QUEUE), true);
    assert.equal(targets.exists(`${QUEUE}-gone`), false);
    assert.equal(targets.exists(TOPIC), true);
    assert.equal(targets.exists(FUNCTION), true);
    assert.equal(targets.exists(BUCKET, { accountId: ACCOUNT }), true);
    assert.equal(targets.exists(BUCKET, { accountId: '999999999999' }), false);
    assert.equal(new Targets({ ports: {} as Ports }).exists(QUEUE), undefined);
  });

  test('ports are read at call time, so a service registered later is found', () => {
    const deps = { ports: {} as Ports };
    const targets = new Targets(deps);
    assert.equal(targets.exists(QUEUE), undefined);
    deps.ports = fakePorts().ports;
    assert.equal(targets.exists(QUEUE), true);
  });

  test('an SQS message carries its body, typed attributes, trace header and FIFO ids', async () => {
    const { ports, calls } = fakePorts();
    const receipt = await new Targets({ ports }).send(QUEUE, {
      body: Buffer.from('{"a":1}'),
      attributes: {
        RequestID: { dataType: 'String', value: 'r' },
        ErrorCode: { dataType: 'Number', value: '200' },
        Raw: { dataType: 'Binary', value: Buffer.from([1, 2]) },
      },
      traceHeader: 'Root=1-abc',
      groupId: 'g',
      deduplicationId: 'd',
      subject: 'ignored by SQS',
    });
    assert.deepEqual(receipt, { id: 'm-1' });
    assert.deepEqual(calls.sqs, [
      [
        QUEUE,
        {
          body: '{"a":1}',
          messageAttributes: {
            RequestID: { DataType: 'String', StringValue: 'r' },
            ErrorCode: { DataType: 'Number', StringValue: '200' },
            Raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
          },
          traceHeader: 'Root=1-abc',
          messageGroupId: 'g',
          messageDeduplicationId: 'd',
        },
      ],
    ]);
  });

  test('an SNS message carries its subject and attributes as Type/Value text', async () => {
    const { ports, calls } = fakePorts();
    await new Targets({ ports }).send(TOPIC, {
      body: 'hello',
      subject: 'Amazon S3 Notification',
      attributes: { ErrorCode: { dataType: 'Number', value: '429' } },
    });
    assert.deepEqual(calls.sns, [
      [
        TOPIC,
        'hello',
        {
          subject: 'Amazon S3 Notification',
          messageAttributes: { ErrorCode: { Type: 'Number', Value: '429' } },
          traceHeader: undefined,
          messageGroupId: undefined,
          messageDeduplicationId: undefined,
        },
      ],
    ]);
  });

  test('a Lambda target goes through the async queue with its sender and cause ids', async () => {
    const { ports, calls } = fakePorts();
    const receipt = await new Targets({ ports }).send(FUNCTION, {
      body: '{"Records":[]}',
      sender: 'aws:s3',
      causeIds: { requestId: 'req-1' },
      traceHeader: 'Root=1-x',
    });
    assert.deepEqual(receipt, { id: 'r-1' });
    assert.equal(calls.lambda.length, 1);
    assert.equal(calls.lambda[0]!.functionArn, FUNCTION);
    assert.equal(calls.lambda[0]!.payload.toString(), '{"Records":[]}');
    assert.equal(calls.lambda[0]!.source, 'aws:s3');
    assert.deepEqual(calls.lambda[0]!.causeIds, { requestId: 'req-1' });
  });

  test('an S3 target writes the body at the key the caller chose, and needs one', async () => {
    const { ports, calls } = fakePorts();
    const targets = new Targets({ ports });
    await targets.send(BUCKET, { body: '{"payload":1}', key: 'aws/lambda/x/1', contentType: 'application/json' });
    assert.deepEqual(calls.s3, [['results', 'aws/lambda/x/1', Buffer.from('{"payload":1}'), 'application/json']]);
    await assert.rejects(targets.send(BUCKET, { body: 'x' }), /needs an object key/);
  });

  test('without an EventBridge service a bus does not exist and a send fails clearly', async () => {
    const { ports } = fakePorts();
    const targets = new Targets({ ports });
    assert.equal(targets.exists(BUS), false);
    await assert.rejects(
      targets.send(BUS, { body: '{}', event: { source: 'lambda', detailType: 'x' } }),
      (err: Error) => err instanceof TargetError && err.message === 'no EventBridge service is running in this Tributary',
    );
  });

  test('with an EventBridge port the body becomes the detail of one PutEvents entry', async () => {
    const { ports, calls } = fakePorts({ events: true });
    const targets = new Targets({ ports });
    assert.equal(targets.exists(BUS), true);
    const receipt = await targets.send(BUS, {
      body: '{"k":1}',
      event: { source: 'lambda', detailType: 'Result', resources: [FUNCTION] },
      traceHeader: 'Root=1-y',
    });
    assert.deepEqual(receipt, { id: 'e-1' });
    assert.deepEqual(calls.events, [[BUS, [{ source: 'lambda', detailType: 'Result', detail: '{"k":1}', resources: [FUNCTION], traceHeader: 'Root=1-y' }]]]);
    await assert.rejects(targets.send(BUS, { body: '{}' }), /needs a source and detail-type/);
  });
});
