import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilterPolicy, passesFilter } from '../../src/services/sns/filter-policy.js';
import { retryDelaySeconds, DEFAULT_HTTP_RETRY_POLICY } from '../../src/services/sns/delivery/policy.js';
import { canonicalString } from '../../src/services/sns/signing.js';

const attrs = (entries: Record<string, [string, string]>) => Object.fromEntries(Object.entries(entries).map(([k, [Type, Value]]) => [k, { Type, Value }]));

describe('SNS filter policies', () => {
  test('match String, Number and String.Array attributes; Binary attributes are invisible', () => {
    const policy = JSON.stringify({ color: ['red', { prefix: 'bl' }], size: [{ numeric: ['>', 1, '<=', 10] }], tags: ['hot'] });
    const ok = attrs({ color: ['String', 'blue'], size: ['Number', '10'], tags: ['String.Array', '["cold","hot"]'] });
    assert.equal(passesFilter(policy, 'MessageAttributes', '', ok), true);
    assert.equal(passesFilter(policy, 'MessageAttributes', '', { ...ok, size: { Type: 'Number', Value: '11' } }), false);
    assert.equal(passesFilter(policy, 'MessageAttributes', '', { ...ok, tags: { Type: 'String.Array', Value: '["cold"]' } }), false);
    const binary = JSON.stringify({ b: [{ exists: false }] });
    assert.equal(passesFilter(binary, 'MessageAttributes', '', attrs({ b: ['Binary', 'AAEC'] })), true);
  });

  test('anything-but, exists, cidr and $or work on attributes; the body scope needs a JSON body', () => {
    assert.equal(passesFilter(JSON.stringify({ s: [{ 'anything-but': ['a', 'b'] }] }), 'MessageAttributes', '', attrs({ s: ['String', 'c'] })), true);
    assert.equal(passesFilter(JSON.stringify({ s: [{ 'anything-but': ['a', 'b'] }] }), 'MessageAttributes', '', attrs({ s: ['String', 'a'] })), false);
    assert.equal(passesFilter(JSON.stringify({ ip: [{ cidr: '10.0.0.0/24' }] }), 'MessageAttributes', '', attrs({ ip: ['String', '10.0.0.7'] })), true);
    const or = JSON.stringify({ $or: [{ a: ['1'] }, { b: ['2'] }] });
    assert.equal(passesFilter(or, 'MessageAttributes', '', attrs({ b: ['String', '2'] })), true);
    assert.equal(passesFilter(JSON.stringify({ a: { b: ['x'] } }), 'MessageBody', '{"a":{"b":"x"}}', {}), true);
    assert.equal(passesFilter(JSON.stringify({ a: { b: ['x'] } }), 'MessageBody', 'not json', {}), false);
  });

  test("AWS's limits: 5 keys, 150 combinations, no nesting in the attribute scope", () => {
    assert.throws(
      () => checkFilterPolicy(JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }), 'MessageAttributes'),
      /can not have more than 5 keys/,
    );
    const wide = (n: number) => Array.from({ length: n }, (_, i) => String(i));
    assert.throws(() => checkFilterPolicy(JSON.stringify({ a: wide(10), b: wide(16) }), 'MessageAttributes'), /Filter policy is too complex/);
    checkFilterPolicy(JSON.stringify({ a: wide(10), b: wide(15) }), 'MessageAttributes');
    assert.throws(() => checkFilterPolicy('{"a":{"b":["c"]}}', 'MessageAttributes'), /does not support nested filter policy/);
    checkFilterPolicy('{"a":{"b":["c"]}}', 'MessageBody');
    assert.throws(() => checkFilterPolicy('{"a":"b"}', 'MessageAttributes'), /"a" must be an object or an array/);
    assert.throws(() => checkFilterPolicy('{', 'MessageAttributes'), /InvalidParameter|FilterPolicy/);
  });
});

describe('SNS delivery policy and signing details', () => {
  test('the default HTTP policy retries 3 times, 20 s apart, then stops', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelaySeconds(DEFAULT_HTTP_RETRY_POLICY, n)),
      [20, 20, 20, undefined],
    );
    const phased = {
      ...DEFAULT_HTTP_RETRY_POLICY,
      numRetries: 6,
      numNoDelayRetries: 1,
      numMinDelayRetries: 1,
      numMaxDelayRetries: 1,
      minDelayTarget: 1,
      maxDelayTarget: 9,
    };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(phased, n)),
      [0, 1, 1 + 8 / 3, 1 + 16 / 3, 9, 9, undefined],
    );
  });

  test('the canonical string follows the documented field order per message type', () => {
    const notification = { Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: 'hi', Timestamp: 'ts', Subject: 's' };
    assert.equal(canonicalString(notification), 'Message\nhi\nMessageId\nm\nSubject\ns\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n');
    const confirmation = { Type: 'SubscriptionConfirmation', MessageId: 'm', Token: 'k', TopicArn: 't', Message: 'hi', SubscribeURL: 'u', Timestamp: 'ts' };
    assert.equal(
      canonicalString(confirmation),
      'Message\nhi\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n',
    );
  });
});
