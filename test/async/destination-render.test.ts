import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { destinationSupported, invocationResultEntry, renderRecord } from '../../src/async/destinations/index.js';
import { buildInvocationRecord } from '../../src/async/invocation-record.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST';
const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/results';

function record(condition: 'Success' | 'RetriesExhausted') {
  return buildInvocationRecord({
    nowMs: Date.UTC(2025, 10, 24, 23, 11, 8, 412),
    requestId: '6f0c0c3e-8a1b-4d7e-9a55-0b7b2f0e1c11',
    functionArn: FUNCTION,
    condition,
    invokeCount: condition === 'Success' ? 1 : 3,
    requestPayload: Buffer.from('{"orderId":"A-1001"}'),
    statusCode: 200,
    executedVersion: '$LATEST',
    functionError: condition === 'Success' ? undefined : 'Unhandled',
    responsePayload: Buffer.from('{"ok":true}'),
  });
}

describe('async destination rendering', () => {
  test('an EventBridge destination receives the record as the detail of a Lambda invocation result event', () => {
    const success = record('Success');
    const entry = invocationResultEntry(success, BUS);
    assert.equal(entry.source, 'lambda');
    assert.equal(entry.detailType, 'Lambda Function Invocation Result - Success');
    assert.deepEqual(entry.resources, [BUS, FUNCTION]);
    assert.deepEqual(JSON.parse(entry.detail), success);

    assert.equal(invocationResultEntry(record('RetriesExhausted'), BUS).detailType, 'Lambda Function Invocation Result - Failure');
  });

  test('each kind of destination gets the record in its own shape', () => {
    const failed = record('RetriesExhausted');
    const context = { nowMs: Date.UTC(2025, 10, 24, 23, 11, 8), traceHeader: 'Root=1-abc', functionName: 'orders', ids: { invocationId: 'i-1' } };
    const events = renderRecord('events', BUS, failed, context);
    assert.deepEqual(events.event, { source: 'lambda', detailType: 'Lambda Function Invocation Result - Failure', resources: [BUS, FUNCTION] });
    assert.deepEqual(JSON.parse(String(events.body)), failed);

    const s3 = renderRecord('s3', 'arn:aws:s3:::results', failed, context);
    assert.match(s3.key!, /^aws\/lambda\/async\/orders\/2025\/11\/24\/2025-11-24T23\.11\.08-[0-9a-f-]{36}$/);
    assert.equal(s3.contentType, 'application/json');

    const lambda = renderRecord('lambda', FUNCTION, failed, context);
    assert.equal(lambda.sender, 'lambda:destination');
    assert.equal(lambda.traceHeader, 'Root=1-abc');
    assert.deepEqual(renderRecord('sqs', 'arn:aws:sqs:us-east-1:123456789012:q', failed, context), { body: JSON.stringify(failed), traceHeader: 'Root=1-abc' });
  });

  test('S3 takes failure records only; every other kind takes both', () => {
    assert.equal(destinationSupported('arn:aws:s3:::results', 'onSuccess'), false);
    assert.equal(destinationSupported('arn:aws:s3:::results', 'onFailure'), true);
    assert.equal(destinationSupported(BUS, 'onSuccess'), true);
    assert.equal(destinationSupported('arn:aws:dynamodb:us-east-1:123456789012:table/t', 'onFailure'), false);
  });
});
