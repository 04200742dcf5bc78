import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TriggerLines } from '../../src/observations/trigger-lines.js';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { collect } from '../support/observed.js';
import { createFunction } from '../async/helpers.js';

const ECHO = `exports.handler = async (event) => ({ n: event.Records.length });\n`;
/** Reports every record whose body says `fail` as a batch item failure. */
const PARTIAL = `exports.handler = async (event) => ({
  batchItemFailures: event.Records.filter((r) => JSON.parse(r.body).fail).map((r) => ({ itemIdentifier: r.messageId })),
});\n`;

describe('trigger lines of an SQS mapping', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('a batch is one line naming the queue, the function and the batch size', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'line-orders' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [1, 2, 3].map((n) => ({ Id: `m${n}`, MessageBody: `{"n":${n}}` })) }));
    await createFunction(lambda, 'line-consumer', ECHO);
    const seen = collect(t, ['batch.filtered', 'batch.finished']);
    try {
      await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'line-consumer', EventSourceArn: Attributes!.QueueArn, BatchSize: 10 }));
      const batches = await seen.atLeast(1, (o) => o.type === 'batch.finished', { timeoutMs: 20_000, what: 'a finished batch' });
      const lines = new TriggerLines();
      const told = seen.observations.map((o) => lines.format(o)).filter((line) => line !== undefined);
      assert.equal(told.length, seen.of('batch.finished').length);
      assert.match(told[0]!, /^line-orders → line-consumer: batch of [123] ok$/);
      assert.ok(batches.length >= 1);
    } finally {
      seen.stop();
    }
  });

  test('a batch with failed items says how many failed and went back to the queue', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'line-partial' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'ok', MessageBody: '{"fail":false}' },
          { Id: 'bad', MessageBody: '{"fail":true}' },
        ],
      }),
    );
    await createFunction(lambda, 'line-partial-consumer', PARTIAL);
    const seen = collect(t, ['batch.filtered', 'batch.finished']);
    try {
      await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'line-partial-consumer',
          EventSourceArn: Attributes!.QueueArn,
          BatchSize: 10,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
      await seen.until((o) => o.type === 'batch.finished' && o.failed > 0, { timeoutMs: 20_000, what: 'a batch with a failed item' });
      const lines = new TriggerLines();
      const told = seen.observations.map((o) => lines.format(o)).filter((line) => line !== undefined);
      assert.ok(
        told.some((line) => /^line-partial → line-partial-consumer: batch of [12] \(1 failed, returned\)$/.test(line)),
        `a line tells the failed item (lines: ${told.join(' | ')})`,
      );
    } finally {
      seen.stop();
    }
  });
});
