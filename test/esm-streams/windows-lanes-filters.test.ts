import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { observed } from '../support/observed.js';
import { tempDir } from '../support/functions.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { createStreamFunction, createStreamMapping, enableStream, insert, invocations, keysReceived, modify, streamsPort } from './helpers.js';

describe('DynamoDB stream mappings: tumbling windows, parallelization, filters, batching', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  const dir = tempDir('esm-streams-windows-');

  before(async () => {
    t = await startTributary();
    lambda = new LambdaClient(clientConfig(t.url));
  });
  after(async () => {
    lambda.destroy();
    await t.stop();
  });

  test('TumblingWindowInSeconds: each invoke carries the window and the state; a final invoke closes the window', async () => {
    const { streamArn } = enableStream(t, 'Windows');
    const fn = await createStreamFunction(lambda, 'window-handler', dir, 'tumbling');
    await createStreamMapping(lambda, { FunctionName: 'window-handler', EventSourceArn: streamArn, TumblingWindowInSeconds: 1, BatchSize: 2 });
    streamsPort(t).append(streamArn, [insert('a'), insert('b'), insert('c')]);
    const all = await eventually(() => {
      const list = invocations(fn.file);
      return list.some((i) => i.event.isFinalInvokeForWindow) ? list : undefined;
    });
    const final = all.find((i) => i.event.isFinalInvokeForWindow)!.event;
    const batches = all.filter((i) => !i.event.isFinalInvokeForWindow).map((i) => i.event);
    assert.deepEqual(Object.keys(batches[0]!), [
      'Records',
      'window',
      'state',
      'shardId',
      'eventSourceARN',
      'isFinalInvokeForWindow',
      'isWindowTerminatedEarly',
    ]);
    assert.deepEqual(batches[0]!.state, {});
    assert.equal(batches[0]!.shardId, streamsPort(t).shards(streamArn)[0]!.shardId);
    assert.equal(batches[0]!.eventSourceARN, streamArn);
    assert.equal(batches[0]!.isWindowTerminatedEarly, false);
    assert.match(batches[0]!.window.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(Date.parse(batches[0]!.window.end) - Date.parse(batches[0]!.window.start), 1000);
    // Records of a window, counted across its invocations, and handed to the final one as state.
    const counted = batches.filter((b) => b.window.start === final.window.start).reduce((n, b) => n + b.Records.length, 0);
    assert.deepEqual(final.Records, []);
    assert.deepEqual(final.state, { count: String(counted) });
    assert.equal(final.isWindowTerminatedEarly, false);
  });

  test('ParallelizationFactor: several lanes per shard, each key in order', async () => {
    const { streamArn } = enableStream(t, 'Parallel');
    const fn = await createStreamFunction(lambda, 'parallel-handler', dir);
    await createStreamMapping(lambda, { FunctionName: 'parallel-handler', EventSourceArn: streamArn, ParallelizationFactor: 4, BatchSize: 3 });
    const port = streamsPort(t);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    for (let v = 0; v < 5; v++) for (const k of keys) port.append(streamArn, [modify(k, { v: { N: String(v - 1) } }, { v: { N: String(v) } })]);
    const records = await eventually(() => {
      const all = invocations(fn.file).flatMap((i) => i.event.Records);
      return all.length >= 30 ? all : undefined;
    });
    for (const k of keys) {
      const versions = records.filter((r) => r.dynamodb.Keys.userId.S === k).map((r) => Number(r.dynamodb.NewImage.v.N));
      assert.deepEqual(versions, [0, 1, 2, 3, 4], `order of ${k}`);
    }
    // Each batch holds the keys of one lane only.
    const laneOfKey = new Map<string, number>();
    invocations(fn.file).forEach((inv, index) => {
      for (const r of inv.event.Records) {
        const k = r.dynamodb.Keys.userId.S;
        if (!laneOfKey.has(k)) laneOfKey.set(k, index);
      }
    });
    assert.ok(invocations(fn.file).length >= 10);
  });

  test('FilterCriteria on eventName and dynamodb: only matching records reach the function; the rest are checkpointed past', async () => {
    const { streamArn } = enableStream(t, 'Filtered');
    const fn = await createStreamFunction(lambda, 'filter-handler', dir);
    const m = await createStreamMapping(lambda, {
      FunctionName: 'filter-handler',
      EventSourceArn: streamArn,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['MODIFY'], dynamodb: { NewImage: { status: { S: ['confirmed'] } } } }) }] },
    });
    const port = streamsPort(t);
    const filtered = observed(t, 'batch.filtered', (o) => o.ids.mappingUuid === m.UUID);
    port.append(streamArn, [insert('a', { status: { S: 'pending' } })]);
    await filtered;
    port.append(streamArn, [
      modify('a', { status: { S: 'pending' } }, { status: { S: 'shipped' } }),
      modify('b', { status: { S: 'pending' } }, { status: { S: 'confirmed' } }),
    ]);
    await eventually(() => (keysReceived(fn.file).length >= 1 ? true : undefined));
    assert.deepEqual(keysReceived(fn.file), ['b']);
  });

  test('MaximumBatchingWindowInSeconds gathers records written apart into one batch; BatchSize bounds it', async () => {
    const { streamArn } = enableStream(t, 'Batching');
    const fn = await createStreamFunction(lambda, 'batching-handler', dir);
    await createStreamMapping(lambda, { FunctionName: 'batching-handler', EventSourceArn: streamArn, MaximumBatchingWindowInSeconds: 1, BatchSize: 3 });
    const port = streamsPort(t);
    port.append(streamArn, [insert('a')]);
    port.append(streamArn, [insert('b')]);
    await new Promise((r) => setImmediate(r));
    port.append(streamArn, [insert('c'), insert('d')]);
    await eventually(() => (keysReceived(fn.file).length >= 4 ? true : undefined));
    assert.deepEqual(
      invocations(fn.file).map((i) => i.event.Records.length),
      [3, 1],
    );
  });
});
