import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { observed } from '../support/observed.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { apigatewayClient, byHost, byPath, createApi, lambdaUri } from './helpers.js';

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'X-Handled': 'yes' }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] }, body: JSON.stringify(event) });\n`;

describe('REST API Lambda proxy integration', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const api = clientPerSuite(t, apigatewayClient);
  let apiId = '';
  let resources = new Map<string, string>();
  let deploymentId = '';

  test('setup: an echo function behind /items/{id}, /files/{proxy+}, /items (literal) and ANY /', async () => {
    await createFunction(lambda, 'rest-echo', { files: { 'index.js': ECHO } });
    await createFunction(lambda, 'rest-bad', { files: { 'index.js': `exports.handler = async () => ({ statusCode: 200, body: { not: 'a string' } });\n` } });
    await createFunction(lambda, 'rest-throws', { files: { 'index.js': `exports.handler = async () => { throw new Error('boom'); };\n` } });
    await createFunction(lambda, 'rest-slow', {
      files: { 'index.js': `exports.handler = () => new Promise((r) => setTimeout(() => r({ statusCode: 200 }), 3000));\n` },
    });
    const proxy = (name: string, extra = {}) => ({ type: 'AWS_PROXY' as const, integrationHttpMethod: 'POST', uri: lambdaUri(name), ...extra });
    const created = await createApi(
      api,
      'proxy-api',
      [
        { path: '/items/{id}', httpMethod: 'GET', integration: proxy('rest-echo') },
        { path: '/items/special', httpMethod: 'GET', integration: proxy('rest-echo') },
        { path: '/files/{proxy+}', httpMethod: 'ANY', integration: proxy('rest-echo') },
        { path: '/', httpMethod: 'ANY', integration: proxy('rest-echo') },
        { path: '/bad', httpMethod: 'GET', integration: proxy('rest-bad') },
        { path: '/throws', httpMethod: 'GET', integration: proxy('rest-throws') },
        { path: '/slow', httpMethod: 'GET', integration: proxy('rest-slow', { timeoutInMillis: 200 }) },
      ],
      'prod',
      { color: 'blue' },
    );
    apiId = created.restApiId;
    resources = created.resources;
    deploymentId = created.deploymentId;
  });

  test('the proxy event carries the request field for field, by host', async () => {
    const reply = await byHost(t.url, apiId, '/prod/items/42?tag=a&tag=b&one=1', {
      headers: { 'X-Custom': 'first', 'x-multi': 'v1', 'User-Agent': 'rest-test/1.0' },
    });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.headers['x-handled'], 'yes');
    assert.deepEqual(reply.headers['set-cookie'], ['a=1', 'b=2']);
    assert.match(String(reply.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.match(String(reply.headers['x-amz-apigw-id']), /^.{15}=$/);
    assert.match(String(reply.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const event = JSON.parse(reply.body);
    assert.deepEqual(Object.keys(event), [
      'resource',
      'path',
      'httpMethod',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'pathParameters',
      'stageVariables',
      'requestContext',
      'body',
      'isBase64Encoded',
    ]);
    assert.equal(event.resource, '/items/{id}');
    assert.equal(event.path, '/items/42');
    assert.equal(event.httpMethod, 'GET');
    assert.equal(event.headers['X-Custom'], 'first');
    assert.equal(event.headers['User-Agent'], 'rest-test/1.0');
    assert.deepEqual(event.multiValueHeaders['x-multi'], ['v1']);
    assert.ok(event.headers['X-Forwarded-For']);
    assert.equal(event.headers['X-Amzn-Trace-Id'], reply.headers['x-amzn-trace-id']);
    assert.deepEqual(event.queryStringParameters, { tag: 'b', one: '1' });
    assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a', 'b'], one: ['1'] });
    assert.deepEqual(event.pathParameters, { id: '42' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    const rc = event.requestContext;
    assert.equal(rc.resourceId, resources.get('/items/{id}'));
    assert.equal(rc.resourcePath, '/items/{id}');
    assert.equal(rc.httpMethod, 'GET');
    assert.equal(rc.extendedRequestId, reply.headers['x-amz-apigw-id']);
    assert.match(rc.requestTime, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(rc.path, '/prod/items/42');
    assert.equal(rc.accountId, '123456789012');
    assert.equal(rc.protocol, 'HTTP/1.1');
    assert.equal(rc.stage, 'prod');
    assert.equal(rc.domainPrefix, apiId);
    assert.equal(typeof rc.requestTimeEpoch, 'number');
    assert.equal(rc.requestId, reply.headers['x-amzn-requestid']);
    assert.equal(rc.domainName, `${apiId}.execute-api.localhost`);
    assert.equal(rc.deploymentId, deploymentId);
    assert.equal(rc.apiId, apiId);
    assert.equal(rc.identity.userAgent, 'rest-test/1.0');
    assert.equal(rc.identity.sourceIp, '127.0.0.1');
    for (const field of [
      'cognitoIdentityPoolId',
      'accountId',
      'cognitoIdentityId',
      'caller',
      'principalOrgId',
      'accessKey',
      'cognitoAuthenticationType',
      'cognitoAuthenticationProvider',
      'userArn',
      'user',
      'apiKey',
      'apiKeyId',
      'clientCert',
    ]) {
      assert.equal(rc.identity[field], null, field);
    }
    assert.equal(rc.authorizer, undefined);
  });

  test('by path, with a body, absent query and path parameters are null', async () => {
    const reply = await byPath(t.url, apiId, '/prod/', { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    assert.equal(reply.status, 200, reply.body);
    const event = JSON.parse(reply.body);
    assert.equal(event.resource, '/');
    assert.equal(event.path, '/');
    assert.equal(event.httpMethod, 'POST');
    assert.equal(event.body, '{"n":1}');
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.multiValueQueryStringParameters, null);
    assert.equal(event.pathParameters, null);
  });

  test('a literal path part beats {param}, and {proxy+} takes the rest of the path', async () => {
    const literal = JSON.parse((await byPath(t.url, apiId, '/prod/items/special')).body);
    assert.equal(literal.resource, '/items/special');
    assert.equal(literal.pathParameters, null);
    const greedy = JSON.parse((await byPath(t.url, apiId, '/prod/files/a/b/c.txt', { method: 'DELETE' })).body);
    assert.equal(greedy.resource, '/files/{proxy+}');
    assert.deepEqual(greedy.pathParameters, { proxy: 'a/b/c.txt' });
    assert.equal(greedy.httpMethod, 'DELETE');
  });

  test('unknown routes and methods are 403 Missing Authentication Token; an unknown stage is 403 Forbidden', async () => {
    for (const [method, path] of [
      ['GET', '/prod/nowhere'],
      ['POST', '/prod/items/42'],
      ['GET', '/prod/items'],
      ['GET', '/prod/files'],
    ] as const) {
      const reply = await byPath(t.url, apiId, path, { method });
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.equal(reply.body, '{"message":"Missing Authentication Token"}');
      assert.equal(reply.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    }
    const stage = await byHost(t.url, apiId, '/dev/items/1');
    assert.equal(stage.status, 403);
    assert.equal(stage.body, '{"message":"Forbidden"}');
  });

  test('a malformed function response and a function error are 502; a slow function is 504', async () => {
    const bad = await byPath(t.url, apiId, '/prod/bad');
    assert.equal(bad.status, 502);
    assert.equal(bad.body, '{"message": "Internal server error"}');
    const throws = await byPath(t.url, apiId, '/prod/throws');
    assert.equal(throws.status, 502);
    assert.equal(throws.body, '{"message": "Internal server error"}');
    const slow = await byPath(t.url, apiId, '/prod/slow');
    assert.equal(slow.status, 504);
    assert.equal(slow.body, '{"message": "Endpoint request timed out"}');
  });

  test('every request is an observation: source, function, status and duration, tied by request id', async () => {
    const seen = observed(t, 'http.request', (o) => o.route === '/items/{id}' && o.status === 200);
    const reply = await byPath(t.url, apiId, '/prod/items/7');
    const o = await seen;
    assert.equal(o.ids.requestId, reply.headers['x-amzn-requestid']);
    assert.equal(o.ids.functionArn, 'arn:aws:lambda:us-east-1:123456789012:function:rest-echo');
    assert.equal(o.source, 'aws:apigateway');
    assert.equal(o.apiId, apiId);
    assert.equal(o.stage, 'prod');
    assert.equal(o.integration, 'AWS_PROXY');
    assert.equal(typeof o.durationMs, 'number');
  });
});
