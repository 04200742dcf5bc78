import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { clients, createQueue, createRecordingFunction, invocations, tempDir } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The batching window runs on the injected clock: time only moves when the test moves it. */
describe('batching windows on a manual clock', () => {
  const clock = new ManualClock(Date.now());
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const dir = tempDir('esm-clock-');

  before(async () => {
    t = await startTributary({ clock });
    ({ lambda, sqs } = clients(t.url));
  });
  after(async () => t.stop());

  async function mapped(name: string, batchSize: number, windowSeconds: number) {
    const fn = await createRecordingFunction(lambda, name, dir);
    const q = await createQueue(sqs, name);
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: q.arn, BatchSize: batchSize, MaximumBatchingWindowInSeconds: windowSeconds }),
    );
    await eventually(async () => {
      clock.advance(10);
      return (await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State === 'Enabled' ? true : undefined;
    });
    await sleep(50);
    return { fn, q };
  }

  const send = (url: string, from: number, count: number) =>
    sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: count }, (_, i) => ({ Id: `m${i}`, MessageBody: `n${from + i}` })) }));

  test('a short batch waits for the whole window, then goes', async () => {
    const { fn, q } = await mapped('clock-window', 50, 60);
    await send(q.url, 0, 3);
    await sleep(400);
    clock.advance(59_000);
    await sleep(400);
    assert.equal(invocations(fn.file).length, 0, 'nothing before the window ends');
    clock.advance(1_000);
    const [inv] = await eventually(() => (invocations(fn.file).length > 0 ? invocations(fn.file) : undefined), 5000);
    assert.deepEqual(
      inv!.event.Records.map((r) => r.body),
      ['n0', 'n1', 'n2'],
    );
  });

  test('a full batch goes without waiting for the window', async () => {
    const { fn, q } = await mapped('clock-full', 20, 300);
    await send(q.url, 0, 10);
    await send(q.url, 10, 10);
    const [inv] = await eventually(() => (invocations(fn.file).length > 0 ? invocations(fn.file) : undefined), 5000);
    assert.equal(inv!.event.Records.length, 20);
  });
});
