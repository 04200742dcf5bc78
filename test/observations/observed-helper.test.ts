import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { Observations } from '../../src/observations/bus.js';
import { collect, observed } from '../support/observed.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('the observed test helper', () => {
  test('resolves with the first matching observation emitted after it was called', async () => {
    const bus = new Observations(new ManualClock());
    bus.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 1 });
    const waiting = observed(bus, 'loop.stopped', (o) => o.count > 1);
    bus.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 2 });
    bus.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 3 });
    assert.equal((await waiting).count, 2);
    assert.equal(bus.wants('loop.stopped'), false, 'it unsubscribes once resolved');
  });

  test('a timeout names what was awaited and lists what was observed meanwhile', async () => {
    const bus = new Observations(new ManualClock());
    const waiting = observed(bus, 'dlq.moved', undefined, { timeoutMs: 20 });
    const everything = observed(bus, (o) => o.type === 'dlq.moved', { timeoutMs: 20 });
    bus.emit({
      type: 'dlq.moved',
      ids: { functionArn: FN },
      targetArn: 'arn:aws:sqs:us-east-1:123456789012:other',
      reason: 'x',
      delivered: false,
      error: 'no',
    });
    bus.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 17 });
    assert.equal((await waiting).targetArn, 'arn:aws:sqs:us-east-1:123456789012:other');
    await everything;
    const missing = observed(bus, 'event.expired', undefined, { timeoutMs: 20 });
    const all = collect(bus);
    bus.emit({ type: 'loop.stopped', ids: { functionArn: FN }, count: 17 });
    await assert.rejects(missing, /timed out after 20 ms waiting for event\.expired \(of event\.expired\); observed:\n {2}\(nothing\)/);
    await assert.rejects(
      all.until((o) => o.type === 'event.expired', { timeoutMs: 20, what: 'the expiry' }),
      (err: Error) => {
        assert.match(
          err.message,
          /waiting for the expiry \(of all types\); observed:\n {2}#\d+ loop\.stopped ids=\{"functionArn":"arn:aws:lambda:us-east-1:123456789012:function:f"\} \{"count":17\}/,
        );
        return true;
      },
    );
    all.stop();
    assert.equal(bus.wants('loop.stopped'), false);
  });
});
