import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRoute, matchRoute, orderRoutes, validHttpRouteKey } from '../../src/services/apigatewayv2/route-keys.js';
import { v2Response } from '../../src/http-events/payload-v2.js';
import { v1Response } from '../../src/http-events/http-api-payload-v1.js';

test('route keys HTTP APIs accept', () => {
  for (const key of ['$default', 'GET /', 'ANY /{proxy+}', 'GET /items/{id}', 'POST /a/b/{c}/d', 'DELETE /x/{rest+}']) assert.ok(validHttpRouteKey(key), key);
  for (const key of ['GET', 'FETCH /x', 'GET items', 'GET /{a+}/b', 'GET /{}', 'get /x', '$connect']) assert.ok(!validHttpRouteKey(key), key);
});

test('the most specific route wins: literals, then parameters, then greedy paths; a method before ANY; $default last', () => {
  const keys = ['ANY /{proxy+}', 'GET /items/{id}', 'GET /items/special', 'ANY /items/{id}', 'GET /files/{path+}', '$default'];
  const routes = keys.map((k) => compileRoute(k, k));
  const ordered = orderRoutes(routes);
  const fallback = routes.find((r) => r.routeKey === '$default');
  const pick = (method: string, path: string) => matchRoute(ordered, fallback, method, path);
  assert.equal(pick('GET', '/items/special')!.route.routeKey, 'GET /items/special');
  assert.deepEqual(pick('GET', '/items/7')!.params, { id: '7' });
  assert.equal(pick('GET', '/items/7')!.route.routeKey, 'GET /items/{id}');
  assert.equal(pick('PUT', '/items/7')!.route.routeKey, 'ANY /items/{id}');
  assert.deepEqual(pick('GET', '/files/a/b%20c')!.params, { path: 'a/b c' });
  assert.equal(pick('POST', '/anything/else')!.route.routeKey, 'ANY /{proxy+}');
  assert.equal(pick('POST', '/')!.route.routeKey, '$default');
  assert.equal(matchRoute(orderRoutes([compileRoute('GET /only', 1)]), undefined, 'GET', '/other'), undefined);
});

test('2.0 responses: inference for values without statusCode, cookies, base64; invalid answers are undefined', () => {
  assert.deepEqual(v2Response(Buffer.from('"Hello"')), { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('"Hello"') });
  assert.equal(v2Response(Buffer.from('[1,2]'))!.status, 200);
  const full = v2Response(
    Buffer.from(JSON.stringify({ statusCode: 302, headers: { Location: '/x' }, cookies: ['a=1'], body: 'aGk=', isBase64Encoded: true })),
  )!;
  assert.equal(full.status, 302);
  assert.deepEqual(full.headers, { location: '/x', 'set-cookie': ['a=1'], 'content-type': 'application/json' });
  assert.equal(full.body.toString(), 'hi');
  assert.equal(v2Response(Buffer.from('not json')), undefined);
  assert.equal(v2Response(Buffer.from('{"statusCode":"x"}')), undefined);
});

test('1.0 responses need a statusCode and a string body; multiValueHeaders win', () => {
  assert.equal(v1Response(Buffer.from('{"hello":1}')), undefined);
  assert.equal(v1Response(Buffer.from('{"statusCode":200,"body":{"a":1}}')), undefined);
  const r = v1Response(
    Buffer.from(
      JSON.stringify({ statusCode: 200, headers: { 'X-A': '1' }, multiValueHeaders: { 'X-A': ['2', '3'], 'Set-Cookie': ['a=1', 'b=2'] }, body: 'ok' }),
    ),
  )!;
  assert.deepEqual(r.headers, { 'x-a': '2,3', 'set-cookie': ['a=1', 'b=2'], 'content-type': 'application/json' });
});
