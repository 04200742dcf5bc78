import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SqsPort } from '../../src/contracts.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { sqsClient } from './helpers.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012:port-queue';

describe('the in-process SQS port', () => {
  const t = tributaryPerSuite();
  const sqs = clientPerSuite(t, sqsClient);
  let port: SqsPort;
  let QueueUrl: string;

  before(async () => {
    port = (t.tributary as unknown as { deps: { ports: { sqs: SqsPort } } }).deps.ports.sqs;
    QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'port-queue', Attributes: { VisibilityTimeout: '7' } }))).QueueUrl!;
  });

  test('queueInfo describes a queue by ARN and nothing for an unknown one', () => {
    const info = port.queueInfo(ARN);
    assert.deepEqual(info, {
      arn: ARN,
      url: `${t.url}/queue/us-east-1/123456789012/port-queue`,
      fifo: false,
      visibilityTimeoutSeconds: 7,
      region: 'us-east-1',
      accountId: '123456789012',
    });
    assert.equal(port.queueInfo('arn:aws:sqs:us-east-1:123456789012:nope'), undefined);
  });

  test('a waiting receive wakes when a message is sent over HTTP, with the trace header as AWSTraceHeader', async () => {
    const pending = port.receive(ARN, { max: 10, waitMs: 10_000 });
    await new Promise((r) => setTimeout(r, 50));
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    sqs.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amzn-trace-id'] = trace;
        return next(args);
      },
      { step: 'build', name: 'traceHeader' },
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'to the poller', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    sqs.middlewareStack.remove('traceHeader');
    const [message] = await pending;
    assert.equal(message?.body, 'to the poller');
    assert.equal(message?.attributes.AWSTraceHeader, trace);
    assert.equal(message?.attributes.ApproximateReceiveCount, '1');
    assert.equal(message?.messageAttributes.k?.StringValue, 'v');
    assert.ok(message?.md5OfMessageAttributes);
    await port.deleteMessages(ARN, [message!.receiptHandle]);
  });

  test('sendMessage, changeVisibility and deleteMessages act on the queue users see', async () => {
    await port.sendMessage(ARN, { body: 'from a destination', traceHeader: 'Root=1-abc' });
    const [m] = await port.receive(ARN, { max: 1, waitMs: 0, visibilityTimeoutSeconds: 60 });
    assert.equal(m?.body, 'from a destination');
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    await port.changeVisibility(ARN, m!.receiptHandle, 0);
    const again = await port.receive(ARN, { max: 1, waitMs: 0 });
    assert.equal(again[0]?.attributes.ApproximateReceiveCount, '2');
    await port.deleteMessages(ARN, [again[0]!.receiptHandle]);
    assert.deepEqual(await port.receive(ARN, { max: 1, waitMs: 0 }), []);
  });

  test('an aborted wait returns promptly with nothing', async () => {
    const abort = new AbortController();
    const pending = port.receive(ARN, { max: 1, waitMs: 20_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    assert.deepEqual(await pending, []);
  });
});
