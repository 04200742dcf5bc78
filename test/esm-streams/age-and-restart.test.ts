import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock.js';
import { createQueue } from '../esm/helpers.js';
import { observed } from '../support/observed.js';
import { tempDir } from '../support/functions.js';
import { clientConfig, eventually, startTributary } from '../support/tributary.js';
import { createStreamFunction, createStreamMapping, enableStream, insert, invocations, keysReceived, streamsPort } from './helpers.js';

describe('DynamoDB stream mappings: record age and durable checkpoints', () => {
  test('MaximumRecordAgeInSeconds: a record that ages out while its batch fails is discarded as RecordAgeExceeded (no responseContext)', async () => {
    const clock = new ManualClock(Date.now());
    const t = await startTributary({ clock });
    const lambda = new LambdaClient(clientConfig(t.url));
    const sqs = new SQSClient(clientConfig(t.url));
    try {
      const { streamArn } = enableStream(t, 'Aging');
      const fn = await createStreamFunction(lambda, 'aging-handler', tempDir('esm-streams-age-'), 'throw');
      const queue = await createQueue(sqs, 'aged-out');
      const { UUID } = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'aging-handler',
          EventSourceArn: streamArn,
          StartingPosition: 'TRIM_HORIZON',
          MaximumRecordAgeInSeconds: 60,
          DestinationConfig: { OnFailure: { Destination: queue.arn } },
        }),
      );
      await eventually(async () => {
        clock.advance(10);
        return (await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State === 'Enabled' ? true : undefined;
      });
      const expired = observed(t, 'event.expired', (o) => o.ids.mappingUuid === UUID);
      streamsPort(t).append(streamArn, [insert('a')]);
      await eventually(() => (invocations(fn.file).length > 0 ? true : undefined));
      // Retries wait on the injected clock: a minute later the record is too old to retry.
      await eventually(async () => {
        clock.advance(5_000);
        await new Promise((r) => setTimeout(r, 20));
        return (await Promise.race([expired.then(() => true), new Promise((r) => setTimeout(() => r(undefined), 5))])) as true | undefined;
      }, 20_000);
      const o = await expired;
      assert.equal(o.maximumAgeSeconds, 60);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }));
      const record = JSON.parse(Messages![0]!.Body!);
      assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
      assert.equal(record.responseContext, undefined);
      const got = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
      assert.equal(got.LastProcessingResult, 'PROBLEM: Function call failed');
    } finally {
      lambda.destroy();
      sqs.destroy();
      await t.stop();
    }
  });

  test('a restart resumes after the last checkpoint: nothing again, nothing skipped; LATEST is not positioned again', async () => {
    const dataDir = tempDir('esm-streams-restart-');
    const dir = tempDir('esm-streams-restart-fn-');
    let t = await startTributary({ dataDir });
    let lambda = new LambdaClient(clientConfig(t.url));
    const { streamArn } = enableStream(t, 'Durable');
    const fn = await createStreamFunction(lambda, 'durable-handler', dir);
    const m = await createStreamMapping(lambda, { FunctionName: 'durable-handler', EventSourceArn: streamArn, StartingPosition: 'LATEST' });
    streamsPort(t).append(streamArn, [insert('a'), insert('b')]);
    await eventually(() => (keysReceived(fn.file).length >= 2 ? true : undefined));
    lambda.destroy();
    await t.stop();

    t = await startTributary({ dataDir });
    lambda = new LambdaClient(clientConfig(t.url));
    try {
      const kept = await lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID }));
      assert.equal(kept.LastProcessingResult, 'OK', 'the last processing result is kept with the mapping');
      const started = observed(t, 'batch.finished', (o) => o.ids.mappingUuid === m.UUID);
      streamsPort(t).append(streamArn, [insert('c'), insert('d')]);
      await started;
      await eventually(() => (keysReceived(fn.file).length >= 4 ? true : undefined));
      assert.deepEqual(keysReceived(fn.file), ['a', 'b', 'c', 'd']);

      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
      await eventually(async () => {
        try {
          await lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID }));
          return undefined;
        } catch (err) {
          return (err as Error).name === 'ResourceNotFoundException' ? true : undefined;
        }
      });
      const db = new Database(path.join(dataDir, 'tributary.db'), { readonly: true });
      try {
        const left = () => (db.prepare('SELECT COUNT(*) AS n FROM lambda_esm_stream_checkpoints WHERE mapping_uuid = ?').get(m.UUID) as { n: number }).n;
        await eventually(() => (left() === 0 ? true : undefined), 10_000, 'a deleted mapping leaves no checkpoints behind');
      } finally {
        db.close();
      }
    } finally {
      lambda.destroy();
      await t.stop();
    }
  });
});
