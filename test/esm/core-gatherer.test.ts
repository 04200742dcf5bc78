import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { BatchGatherer, type GatherLimits } from '../../src/event-sources/core/gatherer.js';
import type { SourceRecord } from '../../src/event-sources/core/types.js';

const record = (id: string, size = 10): SourceRecord => ({ id, json: 'x'.repeat(size), receivedAt: 0 });
const limits = (overrides: Partial<GatherLimits> = {}): GatherLimits => ({
  batchSize: 3,
  windowMs: 0,
  envelopeBytes: 14,
  maxReceive: 100,
  pollMs: 1000,
  ...overrides,
});

/** A receive that answers each call with the next list of records, recording what it was asked. */
function script(answers: SourceRecord[][], onCall?: (waitMs: number) => void) {
  const calls: { max: number; waitMs: number }[] = [];
  const receive = async (max: number, waitMs: number) => {
    calls.push({ max, waitMs });
    onCall?.(waitMs);
    return (answers.shift() ?? []).slice(0, max);
  };
  return { receive, calls };
}

describe('batch gathering', () => {
  test('a batch closes on BatchSize; what did not fit opens the next one', async () => {
    const g = new BatchGatherer(limits(), new ManualClock());
    const r = script([]);
    // The first receive asks for the whole batch; a surplus (a source may answer more) is carried, never dropped.
    const first = await g.gather(async (max) => {
      assert.equal(max, 3);
      return [record('a'), record('b'), record('c'), record('d')];
    });
    assert.deepEqual(
      first.records.map((x) => x.id),
      ['a', 'b', 'c'],
    );
    const second = await g.gather(r.receive);
    assert.equal(second.records[0]!.id, 'd', 'the carried record opens the next batch');
    assert.equal(r.calls.length, 0, 'no receive while carried records open a batch without a window');
  });

  test('a batch closes before the payload limit, counting the envelope and separators', async () => {
    const g = new BatchGatherer(limits({ batchSize: 10, payloadLimit: 14 + 3 * 11 }), new ManualClock());
    const r = script([[record('a'), record('b'), record('c'), record('d')]]);
    const batch = await g.gather(r.receive);
    assert.deepEqual(
      batch.records.map((x) => x.id),
      ['a', 'b', 'c'],
    );
    assert.equal(batch.bytes, 14 + 3 * 11);
    const next = await g.gather(script([]).receive);
    assert.deepEqual(
      next.records.map((x) => x.id),
      ['d'],
    );
  });

  test('a record larger than the limit still goes alone', async () => {
    const g = new BatchGatherer(limits({ batchSize: 10, payloadLimit: 20 }), new ManualClock());
    const batch = await g.gather(script([[record('big', 100)]]).receive);
    assert.deepEqual(
      batch.records.map((x) => x.id),
      ['big'],
    );
  });

  test('with a batching window, receives go on until the window ends on the injected clock', async () => {
    const clock = new ManualClock();
    const g = new BatchGatherer(limits({ batchSize: 10, windowMs: 1000 }), clock);
    // Each receive takes 400 ms; the window opens with the first record (at 400) and ends at 1400.
    const r = script([[record('a')], [record('b')], [], [record('c')], [record('after')]], () => clock.advance(400));
    const batch = await g.gather(r.receive);
    assert.deepEqual(
      batch.records.map((x) => x.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      r.calls.map((c) => c.waitMs),
      [1000, 1000, 600, 200],
      'each receive waits for what is left of the window',
    );
    assert.deepEqual(
      r.calls.map((c) => c.max),
      [10, 9, 8, 8],
    );
  });

  test('an empty first receive is an empty batch', async () => {
    const g = new BatchGatherer(limits({ windowMs: 5000 }), new ManualClock());
    const r = script([[]]);
    assert.deepEqual((await g.gather(r.receive)).records, []);
    assert.equal(r.calls.length, 1);
  });

  test('a failure mid-window holds what was gathered for release', async () => {
    const g = new BatchGatherer(limits({ batchSize: 10, windowMs: 1000 }), new ManualClock());
    let calls = 0;
    await assert.rejects(
      g.gather(async () => {
        if (calls++ === 0) return [record('a'), record('b')];
        throw new Error('stopped');
      }),
      /stopped/,
    );
    assert.deepEqual(
      g.takeHeld().map((x) => x.id),
      ['a', 'b'],
    );
    assert.deepEqual(g.takeHeld(), []);
  });
});

describe('batch gathering with prefetch', () => {
  test('a receive asks for the prefetch; the surplus opens the next batches without receiving', async () => {
    const g = new BatchGatherer(limits({ batchSize: 2, prefetch: 5 }), new ManualClock());
    const r = script([[record('a'), record('b'), record('c'), record('d'), record('e')]]);
    const batches: string[][] = [];
    for (let i = 0; i < 3; i++) batches.push((await g.gather(r.receive)).records.map((x) => x.id));
    assert.deepEqual(batches, [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepEqual(
      r.calls.map((c) => c.max),
      [5],
      'one receive fed three batches',
    );
  });
});
