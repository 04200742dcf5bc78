import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { clients, createQueue, createRecordingFunction, invocations, tempDir } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReportBatchItemFailures', { concurrency: true }, () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const dir = tempDir('esm-partial-');
  let n = 0;

  before(async () => {
    t = await startTributary();
    ({ lambda, sqs } = clients(t.url));
  });
  after(async () => t.stop());

  /**
   * Queues an "other" message and a steering message whose body tells the function what to
   * return (it may name the other message's id), maps the queue, and reports which message ids
   * came back after the queue's 3 s visibility timeout.
   */
  async function scenario(
    makeResponse: (otherId: string) => unknown,
    expectBack: number,
    responseTypes: 'ReportBatchItemFailures'[] = ['ReportBatchItemFailures'],
  ) {
    const name = `partial-${++n}`;
    const fn = await createRecordingFunction(lambda, name, dir);
    const q = await createQueue(sqs, name, { VisibilityTimeout: '3' });
    const other = await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'other' }));
    const otherId = other.MessageId!;
    const steering = await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: JSON.stringify({ respond: makeResponse(otherId) }) }));
    const steeringId = steering.MessageId!;
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: q.arn, FunctionResponseTypes: responseTypes }),
    );
    const first = await eventually(() => invocations(fn.file)[0], 5000, 'the first batch');
    assert.equal(first.event.Records.length, 2, 'both messages in one batch');
    const redelivered = () =>
      new Set(
        invocations(fn.file)
          .slice(1)
          .flatMap((i) => i.event.Records.map((r) => r.messageId as string)),
      );
    // What comes back does so after the 3 s visibility timeout; give it time, then a little more.
    if (expectBack > 0) await eventually(() => (redelivered().size >= expectBack ? true : undefined), 8000, 'redelivery');
    await sleep(expectBack > 0 ? 300 : 3600);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    const again = [...redelivered()];
    return { steeringId, otherId, again: [...new Set(again)].sort() };
  }

  test('only the reported items come back', async () => {
    const r = await scenario((otherId) => ({ batchItemFailures: [{ itemIdentifier: otherId }] }), 1);
    assert.deepEqual(r.again, [r.otherId]);
  });

  const successes: [string, (otherId: string) => unknown][] = [
    ['an empty batchItemFailures list', () => ({ batchItemFailures: [] })],
    ['a null batchItemFailures', () => ({ batchItemFailures: null })],
    ['a null response', () => null],
    ['an empty object', () => ({})],
  ];
  for (const [name, response] of successes) {
    test(`${name} deletes the whole batch`, async () => {
      const r = await scenario(response, 0);
      assert.deepEqual(r.again, []);
    });
  }

  const failures: [string, (otherId: string) => unknown][] = [
    ['an itemIdentifier not in the batch', () => ({ batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] })],
    ['an empty itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: '' }] })],
    ['a null itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: null }] })],
    ['an item with the wrong key', (otherId) => ({ batchItemFailures: [{ foo: otherId }] })],
  ];
  for (const [name, response] of failures) {
    test(`${name} fails the whole batch`, async () => {
      const r = await scenario(response, 2);
      assert.deepEqual(r.again, [r.otherId, r.steeringId].sort());
    });
  }

  test('without ReportBatchItemFailures a reported failure is ignored and the batch deleted', async () => {
    const r = await scenario((otherId) => ({ batchItemFailures: [{ itemIdentifier: otherId }] }), 0, []);
    assert.deepEqual(r.again, []);
  });
});
