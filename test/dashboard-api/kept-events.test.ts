import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KEPT_EVENT_MAX_BYTES, KeptEvents } from '../../src/dashboard/api/kept-events.js';
import { percentile } from '../../src/dashboard/api/invocations.js';
import type { Gateway, InvocationListener } from '../../src/gateway/function-gateway.js';
import type { GatewayInvokeRequest } from '../../src/gateway/types.js';
import { Observations } from '../../src/observations/bus.js';
import { ManualClock } from '../../src/clock.js';
import { resolvedFunction } from '../support/functions.js';

function fakeGateway() {
  const listeners: InvocationListener[] = [];
  const gateway = {
    onInvocation(listener: InvocationListener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  } as unknown as Gateway;
  const observations = new Observations(new ManualClock(0));
  const invoke = (requestId: string, payload: Buffer) => {
    const request: GatewayInvokeRequest = { function: resolvedFunction(), requestId, payload, cause: { source: 'lambda:invoke' } };
    for (const l of listeners) l(request, resolvedFunction());
  };
  return { gateway, observations, invoke, listeners };
}

describe('kept events', () => {
  test('keeps the most recent ones only, and none larger than 256 KB', () => {
    const { gateway, observations, invoke, listeners } = fakeGateway();
    const kept = new KeptEvents(gateway, observations, 3);
    for (let i = 1; i <= 5; i++) invoke(`id-${i}`, Buffer.from(JSON.stringify({ i })));
    assert.deepEqual(
      ['id-1', 'id-2', 'id-3', 'id-4', 'id-5'].map((id) => kept.has(id)),
      [false, false, true, true, true],
    );
    assert.equal(kept.get('id-5')!.payload.toString(), '{"i":5}');
    invoke('big', Buffer.alloc(KEPT_EVENT_MAX_BYTES + 1));
    assert.equal(kept.has('big'), false);
    invoke('edge', Buffer.alloc(KEPT_EVENT_MAX_BYTES));
    assert.equal(kept.has('edge'), true);
    kept.close();
    assert.equal(listeners.length, 0);
  });

  test('keeps no more bytes in all than its bound, forgetting the oldest first', () => {
    const { gateway, observations, invoke } = fakeGateway();
    const kept = new KeptEvents(gateway, observations, 500, 1000);
    invoke('a', Buffer.alloc(400));
    invoke('b', Buffer.alloc(400));
    invoke('c', Buffer.alloc(400));
    assert.deepEqual(
      ['a', 'b', 'c'].map((id) => kept.has(id)),
      [false, true, true],
    );
    // The same request id again (an async retry) replaces its entry rather than counting twice.
    invoke('c', Buffer.alloc(400));
    assert.equal(kept.has('b'), true);
  });

  test('a small payload that is a view into a large buffer is copied, so it does not pin the large one', () => {
    const { gateway, observations, invoke } = fakeGateway();
    const kept = new KeptEvents(gateway, observations);
    const large = Buffer.alloc(1024 * 1024);
    invoke('view', large.subarray(0, 10));
    assert.equal(kept.get('view')!.payload.buffer.byteLength < large.length, true);
    const own = Buffer.alloc(100 * 1024);
    invoke('own', own);
    assert.equal(kept.get('own')!.payload, own);
  });

  test('an event the async queue accepted is marked async when it runs', () => {
    const { gateway, observations, invoke } = fakeGateway();
    const kept = new KeptEvents(gateway, observations);
    observations.emit({
      type: 'event.accepted',
      ids: { invocationId: 'queued' },
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      source: 'aws:s3',
    });
    invoke('queued', Buffer.from('{}'));
    invoke('direct', Buffer.from('{}'));
    assert.equal(kept.get('queued')!.async, true);
    assert.equal(kept.get('direct')!.async, false);
  });

  test('percentiles are nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 90), 90);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile([7], 99), 7);
  });
});
