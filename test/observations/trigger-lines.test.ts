import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, TriggerLines } from '../../src/observations/trigger-lines.js';
import type { Observation, ObservationInput } from '../../src/observations/types.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:process-orders';
const THUMB = 'arn:aws:lambda:us-east-1:123456789012:function:make-thumbnail';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:order-queue';
const BUCKET = 'arn:aws:s3:::photos';

let seq = 0;
const at = (input: ObservationInput): Observation => ({ ...input, seq: ++seq, time: 0 }) as Observation;

describe('trigger lines', () => {
  test('a mapping batch names the source, the function, the size and what came back', () => {
    const lines = new TriggerLines();
    const ids = { sourceArn: QUEUE, functionArn: FN, mappingUuid: 'm-1', batchId: 'b-1' };
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids, size: 10, outcome: 'success', failed: 3, returned: 3 })),
      'order-queue → process-orders: batch of 10 (3 failed, returned)',
    );
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids, size: 10, outcome: 'success', failed: 0, returned: 0 })),
      'order-queue → process-orders: batch of 10 ok',
    );
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids, size: 5, outcome: 'function-error', failed: 5, returned: 5 })),
      'order-queue → process-orders: batch of 5 (error, returned)',
    );
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids, size: 5, outcome: 'throttled', failed: 0, returned: 5 })),
      'order-queue → process-orders: batch of 5 (throttled, returned)',
    );
  });

  test('records a filter dropped are told on their batch line', () => {
    const lines = new TriggerLines();
    const ids = { sourceArn: QUEUE, functionArn: FN, mappingUuid: 'm-1', batchId: 'b-2' };
    assert.equal(lines.format(at({ type: 'batch.filtered', ids, dropped: 4 })), undefined);
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids, size: 10, outcome: 'success', failed: 0, returned: 0 })),
      'order-queue → process-orders: batch of 10 ok (4 filtered out)',
    );
    const third = { ...ids, batchId: 'b-3' };
    lines.format(at({ type: 'batch.filtered', ids: third, dropped: 2 }));
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids: third, size: 5, outcome: 'success', failed: 1, returned: 1 })),
      'order-queue → process-orders: batch of 5 (2 filtered out, 1 failed, returned)',
    );
    const all = { ...ids, batchId: 'b-4' };
    lines.format(at({ type: 'batch.filtered', ids: all, dropped: 3 }));
    assert.equal(
      lines.format(at({ type: 'batch.finished', ids: all, size: 3, outcome: 'success', failed: 0, returned: 0 })),
      'order-queue → process-orders: 3 filtered out, not invoked',
    );
  });

  test('the invocations of a mapping make no line of their own: the batch line tells them', () => {
    const lines = new TriggerLines();
    const ids = { sourceArn: QUEUE, functionArn: FN, mappingUuid: 'm-1', batchId: 'b-1', invocationId: 'i-1' };
    assert.equal(
      lines.format(at({ type: 'invocation.finished', ids, source: 'aws:sqs', qualifiedArn: `${FN}:$LATEST`, outcome: 'success', durationMs: 3 })),
      undefined,
    );
  });

  test('an S3 event names the bucket, the event and the key, then the outcome and duration', () => {
    const lines = new TriggerLines();
    const cause = { requestId: 'AB12CD34EF56AB78', sourceArn: BUCKET };
    assert.equal(
      lines.format(at({ type: 'object.event', ids: cause, bucket: 'photos', key: 'images/a.jpg', eventName: 'ObjectCreated:Put', destinations: 1 })),
      undefined,
    );
    const ids = { ...cause, invocationId: 'i-1', functionArn: THUMB, attempt: 1 };
    assert.equal(
      lines.format(at({ type: 'invocation.finished', ids, source: 'aws:s3', qualifiedArn: `${THUMB}:$LATEST`, outcome: 'success', durationMs: 12.4 })),
      'photos (s3:ObjectCreated:Put images/a.jpg) → make-thumbnail: ok 12 ms',
    );
    assert.equal(
      lines.format(
        at({ type: 'invocation.finished', ids: { ...ids, attempt: 3 }, source: 'aws:s3', qualifiedArn: `${THUMB}:$LATEST`, outcome: 'success', durationMs: 2 }),
      ),
      'photos (s3:ObjectCreated:Put images/a.jpg) → make-thumbnail: ok 2 ms (attempt 3)',
    );
  });

  test('a failed attempt of an async event is told by its retry line, then by the DLQ move', () => {
    const lines = new TriggerLines();
    const ids = { requestId: 'r-1', invocationId: 'i-1', functionArn: FN, attempt: 1 };
    assert.equal(
      lines.format(
        at({
          type: 'invocation.finished',
          ids,
          source: 'lambda:invoke',
          qualifiedArn: `${FN}:$LATEST`,
          outcome: 'function-error',
          durationMs: 5,
          errorType: 'Error',
        }),
      ),
      undefined,
    );
    assert.equal(
      lines.format(at({ type: 'retry.scheduled', ids, reason: 'function error', delayMs: 60_000, usesAttempt: true })),
      'process-orders ← async event: error, retry 1 in 60 s',
    );
    assert.equal(
      lines.format(at({ type: 'retry.scheduled', ids: { ...ids, attempt: 2 }, reason: 'function error', delayMs: 120_000, usesAttempt: true })),
      'process-orders ← async event: error, retry 2 in 2 min',
    );
    assert.equal(
      lines.format(at({ type: 'retry.scheduled', ids, reason: 'throttled', delayMs: 1500, usesAttempt: false })),
      'process-orders ← async event: throttled, trying again in 1.5 s',
    );
    const dlq = 'arn:aws:sqs:us-east-1:123456789012:my-dlq';
    assert.equal(
      lines.format(at({ type: 'dlq.moved', ids: { ...ids, attempt: 3 }, targetArn: dlq, reason: 'boom', delivered: true })),
      'process-orders ← async event → DLQ my-dlq',
    );
    assert.equal(
      lines.format(at({ type: 'dlq.moved', ids, targetArn: dlq, reason: 'boom', delivered: false, error: 'queue does not exist' })),
      'process-orders ← async event → DLQ my-dlq failed: queue does not exist',
    );
  });

  test('a successful async event, an expiry, a destination and a stopped loop each make a line', () => {
    const lines = new TriggerLines();
    const ids = { requestId: 'r-1', invocationId: 'i-1', functionArn: FN, attempt: 1 };
    assert.equal(
      lines.format(at({ type: 'invocation.finished', ids, source: 'lambda:invoke', qualifiedArn: `${FN}:$LATEST`, outcome: 'success', durationMs: 7 })),
      'process-orders ← async event: ok 7 ms',
    );
    assert.equal(lines.format(at({ type: 'event.expired', ids, maximumAgeSeconds: 60 })), 'process-orders ← async event: expired (older than 60 s)');
    assert.equal(
      lines.format(
        at({ type: 'destination.delivered', ids, destinationArn: 'arn:aws:sqs:us-east-1:123456789012:done', condition: 'Success', delivered: true }),
      ),
      'process-orders ← async event → on-success done',
    );
    assert.equal(
      lines.format(
        at({ type: 'destination.delivered', ids, destinationArn: 'arn:aws:sns:us-east-1:123456789012:alarms', condition: 'RetriesExhausted', delivered: true }),
      ),
      'process-orders ← async event → on-failure alarms',
    );
    assert.equal(
      lines.format(at({ type: 'loop.stopped', ids: { ...ids, sourceArn: BUCKET }, count: 17 })),
      'photos → process-orders: recursive loop stopped (invocation 17)',
    );
  });

  test('a function URL call is a trigger; a synchronous Invoke and an API call are not', () => {
    const lines = new TriggerLines();
    const ids = { requestId: 'r-1', invocationId: 'i-1', functionArn: FN };
    assert.equal(
      lines.format(
        at({
          type: 'invocation.finished',
          ids,
          source: 'lambda:url',
          qualifiedArn: `${FN}:$LATEST`,
          outcome: 'function-error',
          durationMs: 4,
          errorType: 'TypeError',
        }),
      ),
      'function URL → process-orders: error TypeError 4 ms',
    );
    assert.equal(
      lines.format(at({ type: 'invocation.finished', ids, source: 'lambda:invoke', qualifiedArn: `${FN}:$LATEST`, outcome: 'success', durationMs: 4 })),
      undefined,
    );
    assert.equal(
      lines.format(
        at({ type: 'api.call', ids, service: 'lambda', operation: 'Invoke', status: 200, durationMs: 4, accountId: '123456789012', region: 'us-east-1' }),
      ),
      undefined,
    );
  });

  test('durations read as ms, seconds or minutes', () => {
    assert.equal(duration(0.4), '0 ms');
    assert.equal(duration(999), '999 ms');
    assert.equal(duration(1500), '1.5 s');
    assert.equal(duration(60_000), '60 s');
    assert.equal(duration(360_000), '6 min');
  });
});
