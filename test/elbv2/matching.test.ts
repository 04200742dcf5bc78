import { test } from 'node:test';
import assert from 'node:assert/strict';
import { albResponse } from '../../src/services/elbv2/data-plane/alb-response.js';
import { compileConditions, wildcard, type RequestFacts } from '../../src/services/elbv2/data-plane/matching.js';

const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  path: '/api/items',
  host: 'shop.example.com',
  headers: new Map([['user-agent', ['curl/8']]]),
  query: [['v', '2']],
  sourceIp: '10.1.2.3',
  ...over,
});

test('wildcards: * any run, ? one character, case as the field says', () => {
  assert.equal(wildcard('/api/*', false)('/api/items/1'), true);
  assert.equal(wildcard('/api/*', false)('/API/items'), false);
  assert.equal(wildcard('/a?c', false)('/abc'), true);
  assert.equal(wildcard('/a?c', false)('/abbc'), false);
  assert.equal(wildcard('*.Example.com', true)('shop.example.com'), true);
  assert.equal(wildcard('a.b', true)('aXb'), false);
});

test('a rule matches when every condition matches one of its values', () => {
  const rule = compileConditions([
    { Field: 'path-pattern', Values: ['/other', '/api/*'] },
    { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } },
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['curl/*'] } },
    { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } },
    { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } },
    { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } },
  ]);
  assert.equal(rule(facts()), true);
  assert.equal(rule(facts({ method: 'get' })), false);
  assert.equal(rule(facts({ sourceIp: '192.168.0.1' })), false);
  assert.equal(rule(facts({ query: [['v', '3']] })), false);
  const anyKey = compileConditions([{ Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x*' }] } }]);
  assert.equal(anyKey(facts({ query: [['anything', 'xyz']] })), true);
});

test('responses: malformed ones are refused, multi-value headers only when enabled', () => {
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  assert.equal(albResponse(Buffer.from('not json'), false), undefined);
  assert.equal(albResponse(json([1]), false), undefined);
  assert.equal(albResponse(json({ body: 'x' }), false), undefined);
  assert.equal(albResponse(json({ statusCode: 99 }), false), undefined);
  assert.equal(albResponse(json({ statusCode: 200, body: 1 }), false), undefined);
  assert.equal(albResponse(json({ statusCode: 200, headers: { a: ['1'] } }), false), undefined);
  const ok = albResponse(
    json({ statusCode: 404, statusDescription: '404 Not Found', headers: { a: 1, 'Content-Length': '9' }, body: 'aGk=', isBase64Encoded: true }),
    false,
  )!;
  assert.deepEqual(ok, { status: 404, statusMessage: 'Not Found', headers: [['a', '1']], body: Buffer.from('hi') });
  const multi = albResponse(json({ statusCode: 200, headers: { a: '1' }, multiValueHeaders: { b: ['1', '2'] } }), true)!;
  assert.deepEqual(multi.headers, [
    ['b', '1'],
    ['b', '2'],
  ]);
});
