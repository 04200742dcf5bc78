import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { Observations } from '../../src/observations/bus.js';
import { ObservationHistory } from '../../src/observations/history.js';

const loop = (n: number) => ({ type: 'loop.stopped' as const, ids: { functionArn: `f${n}` }, count: n });

test('the history keeps the newest observations, oldest first, and answers queries after a seq', () => {
  const observations = new Observations(new ManualClock());
  const history = new ObservationHistory(observations, 3);
  for (let n = 1; n <= 5; n++) observations.emit(loop(n));
  assert.deepEqual(
    history.query().map((o) => o.seq),
    [3, 4, 5],
  );
  assert.deepEqual(
    history.query({ afterSeq: 3 }).map((o) => o.seq),
    [4, 5],
  );
  assert.deepEqual(
    history.query({ limit: 1 }).map((o) => o.seq),
    [5],
  );
  assert.deepEqual(history.query({ types: ['api.call'] }), []);
  history.clear();
  assert.deepEqual(history.query(), []);
  observations.emit(loop(6));
  assert.deepEqual(
    history.query().map((o) => o.seq),
    [6],
  );
});

test('a history of capacity 0 keeps nothing and leaves producers unobserved', () => {
  const observations = new Observations(new ManualClock());
  const history = new ObservationHistory(observations, 0);
  assert.equal(observations.wants('api.call'), false);
  observations.emit(loop(1));
  assert.deepEqual(history.query(), []);
});

test('until someone reads it, the history leaves API calls and sent messages unobserved; from the first read it keeps them', () => {
  const observations = new Observations(new ManualClock());
  const history = new ObservationHistory(observations, 10);
  assert.equal(observations.wants('api.call'), false);
  assert.equal(observations.wants('message.sent'), false);
  assert.equal(observations.wants('invocation.finished'), true);
  observations.emit(loop(1));
  assert.deepEqual(
    history.query().map((o) => o.type),
    ['loop.stopped'],
  );
  assert.equal(observations.wants('api.call'), true);
  assert.equal(observations.wants('message.sent'), true);
});
