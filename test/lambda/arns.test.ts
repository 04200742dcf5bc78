import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunctionRef, parseRequestFunctionName } from '../../src/services/lambda/arns.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };

describe('function references', () => {
  test('a bare name takes the caller account and region', () => {
    assert.deepEqual(parseFunctionRef('orders', scope), { ...scope, name: 'orders', qualifier: undefined });
  });

  test('a name with a qualifier keeps the qualifier', () => {
    assert.deepEqual(parseFunctionRef('orders:live', scope), { ...scope, name: 'orders', qualifier: 'live' });
    assert.deepEqual(parseFunctionRef('orders:$LATEST', scope), { ...scope, name: 'orders', qualifier: '$LATEST' });
  });

  test('a partial ARN names the account', () => {
    assert.deepEqual(parseFunctionRef('210987654321:function:orders:3', scope), {
      accountId: '210987654321',
      region: 'us-east-1',
      name: 'orders',
      qualifier: '3',
    });
  });

  test('a full ARN names account and region', () => {
    assert.deepEqual(parseFunctionRef('arn:aws:lambda:eu-west-1:210987654321:function:orders', scope), {
      accountId: '210987654321',
      region: 'eu-west-1',
      name: 'orders',
      qualifier: undefined,
    });
  });

  test('malformed references are not references', () => {
    for (const bad of ['', 'has space', 'arn:aws:sqs:us-east-1:123456789012:queue', 'a:b:c:d']) {
      assert.equal(parseFunctionRef(bad, scope), undefined, bad);
    }
  });

  test('a Qualifier parameter joins a name without one and must match a name with one', () => {
    assert.equal(parseRequestFunctionName('orders', '7', scope).qualifier, '7');
    assert.equal(parseRequestFunctionName('orders:7', '7', scope).qualifier, '7');
    assert.throws(() => parseRequestFunctionName('orders:7', '8', scope), { name: 'InvalidParameterValueException' });
  });
});
