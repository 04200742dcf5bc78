import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/clock.js';
import { BatchRunner } from '../../src/event-sources/core/runner.js';
import type { BatchSource, SourceRecord } from '../../src/event-sources/core/types.js';
import type { EventSourceMapping } from '../../src/event-sources/model.js';
import type { RunnerContext } from '../../src/event-sources/source-kind.js';
import type { GatewayInvokeRequest, ResolvedFunction } from '../../src/gateway/types.js';
import { Observations } from '../../src/observations/bus.js';
import type { Observation } from '../../src/observations/types.js';
import { eventually } from '../support/tributary.js';
import { resolvedFunction } from '../support/functions.js';

const fn: ResolvedFunction = resolvedFunction();

const mapping: EventSourceMapping = {
  uuid: 'u',
  accountId: '123456789012',
  region: 'us-east-1',
  eventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s',
  functionArn: fn.unqualifiedArn,
  enabled: true,
  state: 'Enabled',
  lastModified: 0,
  batchSize: 2,
  maximumBatchingWindowInSeconds: 0,
  functionResponseTypes: [],
};

/** A lane of records, a function that takes a while, and what the acknowledger saw, in order. */
function lane(count: number, answer: (attempt: number) => 'success' | 'throttled' = () => 'success') {
  const waiting: SourceRecord[] = Array.from({ length: count }, (_, i) => ({ id: `r${i}`, json: `{"n":${i}}`, receivedAt: Date.now() }));
  const settled: string[][] = [];
  const requests: GatewayInvokeRequest[] = [];
  let running = 0;
  let peak = 0;
  const source: BatchSource<SourceRecord> = {
    poller: {
      receive: async (max, waitMs, signal) => {
        if (waiting.length === 0) await new Promise((r) => setTimeout(r, Math.min(waitMs, 20)));
        if (signal.aborted) throw signal.reason;
        return waiting.splice(0, max);
      },
      release: async () => {},
    },
    acknowledger: {
      dropFiltered: async () => {},
      settle: async (records) => {
        settled.push(records.map((r) => r.id));
        return { failed: 0, returned: 0 };
      },
    },
    invocation: {
      causeSource: 'aws:kinesis',
      payload: (records) => Buffer.from(`{"Records":[${records.map((r) => r.json).join(',')}]}`),
      retryUntil: () => Date.now() + 5_000,
    },
    envelopeBytes: 14,
  };
  const observations = new Observations(new SystemClock());
  const gateway = {
    resolve: () => fn,
    invoke: async (request: GatewayInvokeRequest) => {
      requests.push(request);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      const kind = answer(request.cause.ids?.attempt ?? 0);
      return kind === 'success'
        ? { kind, fn, payload: Buffer.from('null'), executedVersion: '$LATEST', durationMs: 5 }
        : { kind, fn, error: new Error('Rate Exceeded.') };
    },
  };
  const ctx = {
    deps: { clock: new SystemClock(), config: { maxConcurrencyPerFunction: 10 }, logger: { warn: () => {} }, gateway, observations },
    internals: { resolve: () => fn },
  } as unknown as RunnerContext;
  return { source, ctx, settled, requests, observations, peak: () => peak };
}

describe('the event-source core runner', () => {
  test('with one fixed slot, a lane runs one batch at a time and settles its batches in order', async () => {
    const l = lane(9);
    const runner = new BatchRunner(mapping, l.ctx, l.source, { initialSlots: 5, fixedSlots: 1, pollMs: 50, maxReceive: 100 });
    await eventually(() => (l.settled.flat().length === 9 ? true : undefined), 5_000, 'every record settled');
    await runner.stop();
    assert.equal(l.peak(), 1);
    assert.deepEqual(l.settled, [['r0', 'r1'], ['r2', 'r3'], ['r4', 'r5'], ['r6', 'r7'], ['r8']]);
  });

  test('a throttled batch is tried again under the same batch id, one attempt more each time', async () => {
    const l = lane(2, (attempt) => (attempt < 3 ? 'throttled' : 'success'));
    const finished: Observation[] = [];
    l.observations.subscribe((o) => finished.push(o), ['batch.finished']);
    const runner = new BatchRunner(mapping, l.ctx, l.source, { initialSlots: 1, pollMs: 50, maxReceive: 100 });
    await eventually(() => (finished.length === 1 ? true : undefined), 5_000, 'the batch to finish');
    await runner.stop();
    assert.deepEqual(
      l.requests.map((r) => r.cause.ids?.attempt),
      [1, 2, 3],
    );
    assert.equal(new Set(l.requests.map((r) => r.cause.ids?.batchId)).size, 1);
    assert.equal(new Set(l.requests.map((r) => r.requestId)).size, 3, 'each try is its own invocation');
    assert.equal(finished[0]!.ids.batchId, l.requests[0]!.cause.ids?.batchId);
    assert.equal(finished[0]!.ids.attempt, 3);
    assert.equal(l.requests[0]!.cause.source, 'aws:kinesis');
    assert.deepEqual(l.requests[0]!.cause.ids?.messageIds, ['r0', 'r1']);
  });
});
