import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SqsRecordFilter } from '../../src/event-sources/sqs/filter.js';
import { buildRecord } from '../../src/event-sources/sqs/records.js';

const record = (body: string, attributes: Record<string, string> = {}) =>
  buildRecord(
    {
      messageId: 'id-1',
      receiptHandle: 'rh',
      body,
      md5OfBody: 'x',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', ...attributes },
      messageAttributes: {},
    },
    'arn:aws:sqs:eu-west-1:123456789012:q',
  );

const filter = (...patterns: unknown[]) => new SqsRecordFilter(patterns.map((p) => ({ Pattern: JSON.stringify(p) })));

describe('SQS FilterCriteria', () => {
  test('a JSON body is matched as parsed JSON under body', () => {
    assert.equal(filter({ body: { RequestCode: ['BBBB'] } }).matches(record('{"RequestCode":"BBBB"}')), true);
    assert.equal(filter({ body: { RequestCode: ['BBBB'] } }).matches(record('{"RequestCode":"AAAA"}')), false);
  });

  test('a JSON body pattern drops a plain-string body', () => {
    assert.equal(filter({ body: { RequestCode: ['BBBB'] } }).matches(record('RequestCode BBBB')), false);
  });

  test('a plain-string body pattern matches a plain-string body', () => {
    assert.equal(filter({ body: [{ prefix: 'hello' }] }).matches(record('hello world')), true);
  });

  test('a plain-string body pattern drops a JSON body', () => {
    assert.equal(filter({ body: [{ exists: true }] }).matches(record('{"a":1}')), false);
  });

  test('a pattern without body filters on metadata only', () => {
    assert.equal(filter({ attributes: { ApproximateReceiveCount: ['1'] } }).matches(record('{"a":1}')), true);
    assert.equal(filter({ attributes: { ApproximateReceiveCount: ['2'] } }).matches(record('plain')), false);
  });

  test('several filters are ORed', () => {
    const f = filter({ body: { kind: ['a'] } }, { body: { kind: ['b'] } });
    assert.equal(f.matches(record('{"kind":"b"}')), true);
    assert.equal(f.matches(record('{"kind":"c"}')), false);
  });

  test('numeric conditions see JSON numbers in the body', () => {
    assert.equal(filter({ body: { amount: [{ numeric: ['>', 100] }] } }).matches(record('{"amount":150.5}')), true);
  });
});

describe('SQS event records', () => {
  test('carry every field of the Lambda SQS event', () => {
    const r = buildRecord(
      {
        messageId: 'm-1',
        receiptHandle: 'rh-1',
        body: 'hi',
        md5OfBody: '49f68a5c8493ec2c0bf489821c21fc3b',
        md5OfMessageAttributes: 'abc',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '10',
          SenderId: 'AID',
          ApproximateFirstReceiveTimestamp: '11',
          AWSTraceHeader: 'Root=1-2-3',
        },
        messageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from('xy') } },
      },
      'arn:aws:sqs:eu-west-1:123456789012:orders',
    );
    assert.deepEqual(r, {
      messageId: 'm-1',
      receiptHandle: 'rh-1',
      body: 'hi',
      attributes: { ApproximateReceiveCount: '1', AWSTraceHeader: 'Root=1-2-3', SentTimestamp: '10', SenderId: 'AID', ApproximateFirstReceiveTimestamp: '11' },
      messageAttributes: {
        tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: { binaryValue: 'eHk=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfMessageAttributes: 'abc',
      md5OfBody: '49f68a5c8493ec2c0bf489821c21fc3b',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
      awsRegion: 'eu-west-1',
    });
  });

  // Lambda's records recorded from AWS carry no md5OfMessageAttributes key at all for such messages.
  test('have no md5OfMessageAttributes and empty messageAttributes when there are none', () => {
    const r = record('x');
    assert.equal('md5OfMessageAttributes' in r, false);
    assert.deepEqual(r.messageAttributes, {});
  });
});
