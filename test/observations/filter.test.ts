import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError, parseObservationFilter } from '../../src/observations/filter.js';
import { OBSERVATION_TYPES, type Observation, type ObservationInput } from '../../src/observations/types.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:process-orders';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:order-queue';
const at = (input: ObservationInput): Observation => ({ ...input, seq: 1, time: 0 }) as Observation;
const filter = (query: string) => parseObservationFilter(new URLSearchParams(query));

describe('the events filter', () => {
  test('no type means every type; a prefix ending in a dot takes a family', () => {
    assert.deepEqual(filter('').types, OBSERVATION_TYPES);
    assert.deepEqual(filter('type=batch.').types, ['batch.gathered', 'batch.filtered', 'batch.finished']);
    assert.deepEqual(filter('type=invocation.*,api.call').types, ['api.call', 'invocation.started', 'invocation.finished']);
  });

  test('an unknown type is refused with the list of known ones', () => {
    assert.throws(
      () => filter('type=batch.done'),
      (err: Error) => err instanceof FilterError && /Unknown observation type 'batch.done'; known types: api.call/.test(err.message),
    );
  });

  test('function matches a name, an ARN or a qualified ARN against ids.functionArn', () => {
    const o = at({ type: 'loop.stopped', ids: { functionArn: FN }, count: 17 });
    assert.equal(filter('function=process-orders').matches(o), true);
    assert.equal(filter(`function=${FN}`).matches(o), true);
    assert.equal(filter(`function=${FN}:live`).matches(o), true);
    assert.equal(filter('function=other,process-orders').matches(o), true);
    assert.equal(filter('function=other').matches(o), false);
    assert.equal(
      filter('function=process-orders').matches(at({ type: 'object.event', ids: {}, bucket: 'b', key: 'k', eventName: 'ObjectCreated:Put', destinations: 0 })),
      false,
    );
  });

  test('source matches the source ARN, its name, or the source of an invocation', () => {
    const sent = at({ type: 'message.sent', ids: { sourceArn: QUEUE }, queueArn: QUEUE, messageId: 'm', by: 'SendMessage' });
    assert.equal(filter(`source=${QUEUE}`).matches(sent), true);
    assert.equal(filter('source=order-queue').matches(sent), true);
    assert.equal(filter('source=other-queue').matches(sent), false);
    const started = at({ type: 'invocation.started', ids: { functionArn: FN }, source: 'lambda:url', qualifiedArn: `${FN}:$LATEST` });
    assert.equal(filter('source=lambda:url').matches(started), true);
    assert.equal(filter('source=aws:s3').matches(started), false);
  });

  test('mapping and request match their ids; every parameter given must match', () => {
    const o = at({ type: 'batch.gathered', ids: { mappingUuid: 'm-1', requestId: 'r-1', invocationId: 'i-1', functionArn: FN }, size: 1, bytes: 3 });
    assert.equal(filter('mapping=m-1').matches(o), true);
    assert.equal(filter('mapping=m-2').matches(o), false);
    assert.equal(filter('request=r-1').matches(o), true);
    assert.equal(filter('request=i-1').matches(o), true);
    assert.equal(filter('request=r-1&function=other').matches(o), false);
  });
});
