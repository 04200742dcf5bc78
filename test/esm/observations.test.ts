import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Observation } from '../../src/observations/types.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { createQueue, createRecordingFunction, tempDir, waitForState } from './helpers.js';

describe('observations of an SQS mapping', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('observations for an SQS batch carry the right ids', async () => {
    const dir = tempDir('tributary-esm-observed-');
    const fn = await createRecordingFunction(lambda, 'observed-consumer', dir);
    const q = await createQueue(sqs, 'observed-orders');
    const seen: Observation[] = [];
    const stop = t.tributary.observations.subscribe((o) => seen.push(o), ['batch.gathered', 'batch.filtered', 'batch.finished', 'invocation.finished']);
    try {
      const { UUID } = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'observed-consumer',
          EventSourceArn: q.arn,
          BatchSize: 10,
          MaximumBatchingWindowInSeconds: 1,
          FilterCriteria: { Filters: [{ Pattern: '{"body":{"keep":[true]}}' }] },
        }),
      );
      await waitForState(lambda, UUID!, 'Enabled');
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', MessageBody: '{"keep":true,"n":1}' },
            { Id: 'b', MessageBody: '{"keep":false,"n":2}' },
            { Id: 'c', MessageBody: '{"keep":true,"n":3}' },
          ],
        }),
      );
      const idOf = (entry: string) => sent.Successful!.find((s) => s.Id === entry)!.MessageId!;
      const finished = await eventually(
        () => {
          const done = seen.filter((o): o is Observation<'batch.finished'> => o.type === 'batch.finished');
          const invoked = seen.filter((o): o is Observation<'invocation.finished'> => o.type === 'invocation.finished');
          const delivered = done.flatMap((o) => o.ids.messageIds ?? []);
          return delivered.includes(idOf('a')) && delivered.includes(idOf('c')) && invoked.length >= done.length ? done : undefined;
        },
        20_000,
        'the batch to finish',
      );

      for (const batch of finished) {
        assert.equal(batch.ids.mappingUuid, UUID);
        assert.equal(batch.ids.sourceArn, q.arn);
        assert.equal(batch.ids.functionArn, fn.arn);
        assert.equal(batch.ids.attempt, 1);
        assert.equal(batch.outcome, 'success');
        assert.equal(batch.failed, 0);
        assert.equal(batch.returned, 0);
        const gathered = seen.find((o) => o.type === 'batch.gathered' && o.ids.batchId === batch.ids.batchId);
        assert.ok(gathered, 'the finished batch was gathered under the same batch id');
        assert.equal(gathered.ids.mappingUuid, UUID);
        assert.equal(gathered.ids.functionArn, fn.arn);
        const invocation = seen.find((o): o is Observation<'invocation.finished'> => o.type === 'invocation.finished' && o.ids.batchId === batch.ids.batchId);
        assert.ok(invocation, 'the invocation names the batch it ran');
        assert.equal(invocation.source, 'aws:sqs');
        assert.equal(invocation.outcome, 'success');
        assert.equal(invocation.ids.mappingUuid, UUID);
        assert.equal(invocation.ids.sourceArn, q.arn);
        assert.equal(invocation.ids.functionArn, fn.arn);
        assert.equal(invocation.ids.attempt, 1);
        assert.deepEqual(invocation.ids.messageIds, batch.ids.messageIds);
        assert.ok(invocation.ids.invocationId);
      }
      assert.deepEqual(finished.flatMap((o) => o.ids.messageIds).sort(), [idOf('a'), idOf('c')].sort());
      const filtered = seen.filter((o): o is Observation<'batch.filtered'> => o.type === 'batch.filtered');
      assert.deepEqual(
        filtered.flatMap((o) => o.ids.messageIds),
        [idOf('b')],
      );
      assert.ok(filtered.every((o) => o.ids.mappingUuid === UUID && seen.some((g) => g.type === 'batch.gathered' && g.ids.batchId === o.ids.batchId)));
    } finally {
      stop();
    }
  });
});
