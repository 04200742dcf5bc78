import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  PutGatewayResponseCommand,
  PutIntegrationResponseCommand,
  PutMethodResponseCommand,
  CreateDeploymentCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { apigatewayClient, byHost, byPath, createApi, lambdaUri } from './helpers.js';

const CALC = `exports.handler = async (event) => {
  if (event.op === 'fail') throw new Error('NotFound: no item ' + event.id);
  return { sum: event.a + event.b, id: event.id, who: event.who, stage: event.stage };
};\n`;

describe('REST API custom integrations (AWS Lambda, MOCK, HTTP, HTTP_PROXY) and gateway responses', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const api = clientPerSuite(t, apigatewayClient);
  let backend: http.Server;
  let backendUrl = '';
  let apiId = '';

  before(async () => {
    backend = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const status = req.url?.includes('missing') ? 404 : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'x-backend': 'yes' });
        res.end(JSON.stringify({ method: req.method, url: req.url, header: req.headers['x-mapped'] ?? null, body: Buffer.concat(chunks).toString() }));
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((r) => backend.close(() => r())));

  test('setup', async () => {
    await createFunction(lambda, 'rest-calc', { files: { 'index.js': CALC } });
    const created = await createApi(
      api,
      'custom-api',
      [
        {
          path: '/calc/{id}',
          httpMethod: 'POST',
          method: { requestParameters: { 'method.request.path.id': true } },
          integration: {
            type: 'AWS',
            integrationHttpMethod: 'POST',
            uri: lambdaUri('rest-calc'),
            requestTemplates: {
              'application/json': `#set($body = $util.parseJson($input.body))
{
  "a": $input.path('$.a'),
  "b": $body.b,
  "op": "$!body.op",
  "id": "$input.params('id')",
  "who": "$util.escapeJavaScript($input.params('x-who'))",
  "stage": "$context.stage/$stageVariables.color"
}`,
            },
          },
        },
        {
          path: '/calc/{id}',
          httpMethod: 'OPTIONS',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
        },
        {
          path: '/mock',
          httpMethod: 'GET',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": #if($input.params("fail") == "yes")500#{else}200#end}' } },
        },
        {
          path: '/proxy/{proxy+}',
          httpMethod: 'ANY',
          integration: {
            type: 'HTTP_PROXY',
            integrationHttpMethod: 'ANY',
            uri: '${stageVariables.backend}/{proxy}',
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
        {
          path: '/http/{name}',
          httpMethod: 'GET',
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'POST',
            uri: '${stageVariables.backend}/things/{name}',
            requestParameters: { 'integration.request.path.name': 'method.request.path.name', 'integration.request.header.x-mapped': "'static-value'" },
            requestTemplates: { 'application/json': '{"asked": "$input.params(\'name\')"}' },
          },
        },
      ],
      'prod',
      { color: 'blue', backend: 'http://127.0.0.1:1' },
    );
    apiId = created.restApiId;
    const calcId = created.resources.get('/calc/{id}')!;
    const mockId = created.resources.get('/mock')!;
    const httpId = created.resources.get('/http/{name}')!;
    const put = async (resourceId: string, httpMethod: string, statusCode: string, integration: Record<string, unknown>, headers: string[] = []) => {
      await api.send(
        new PutMethodResponseCommand({
          restApiId: apiId,
          resourceId,
          httpMethod,
          statusCode,
          responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false])),
        }),
      );
      await api.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod, statusCode, ...integration }));
    };
    await put(
      calcId,
      'POST',
      '200',
      {
        responseTemplates: {
          'application/json': '#set($r = $input.path(\'$\')){"total": $r.sum, "item": "$r.id", "who": "$util.escapeJavaScript($r.who)", "where": "$r.stage"}',
        },
        responseParameters: { 'method.response.header.X-Total': 'integration.response.body.sum' },
      },
      ['X-Total'],
    );
    await put(calcId, 'POST', '404', {
      selectionPattern: 'NotFound:.*',
      responseTemplates: { 'application/json': '{"error": "$input.path(\'$.errorMessage\')"}' },
    });
    await put(
      calcId,
      'OPTIONS',
      '200',
      {
        responseParameters: {
          'method.response.header.Access-Control-Allow-Origin': "'*'",
          'method.response.header.Access-Control-Allow-Methods': "'POST,OPTIONS'",
          'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Who'",
        },
        responseTemplates: { 'application/json': '' },
      },
      ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers'],
    );
    await put(mockId, 'GET', '200', { responseTemplates: { 'application/json': '{"mocked": true, "requestId": "$context.requestId"}' } });
    await put(mockId, 'GET', '500', { selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': '{"mocked": "failure"}' } });
    await put(httpId, 'GET', '200', { responseParameters: { 'method.response.header.X-From-Backend': 'integration.response.header.x-backend' } }, [
      'X-From-Backend',
    ]);
    await put(httpId, 'GET', '404', { selectionPattern: '404', responseTemplates: { 'application/json': '{"missing": "$input.path(\'$.url\')"}' } });
    await api.send(
      new PutGatewayResponseCommand({
        restApiId: apiId,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '404',
        responseParameters: { 'gatewayresponse.header.X-Custom': "'gw'" },
        responseTemplates: { 'application/json': '{"error": $context.error.messageString, "type": "$context.error.responseType"}' },
      }),
    );
    // Stage variables point the HTTP integrations at the local backend; deploy again to pick up responses.
    await api.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { backend: backendUrl } }));
  });

  test('a Lambda non-proxy integration maps the request and the response through templates', async () => {
    const reply = await byPath(t.url, apiId, '/prod/calc/7', {
      method: 'POST',
      body: JSON.stringify({ a: 2, b: 3 }),
      headers: { 'content-type': 'application/json', 'X-Who': 'Ann "q" \\ b' },
    });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.headers['x-total'], '5');
    assert.equal(reply.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(reply.body), { total: 5, item: '7', who: 'Ann "q" \\ b', where: 'prod/blue' });
  });

  test('a function error selects the integration response whose pattern matches its message', async () => {
    const reply = await byPath(t.url, apiId, '/prod/calc/9', {
      method: 'POST',
      body: '{"a":1,"b":1,"op":"fail"}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 404, reply.body);
    assert.deepEqual(JSON.parse(reply.body), { error: 'NotFound: no item 9' });
  });

  test('CORS preflight is an OPTIONS MOCK integration answering with its mapped headers', async () => {
    const reply = await byHost(t.url, apiId, '/prod/calc/1', {
      method: 'OPTIONS',
      headers: { origin: 'http://example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['access-control-allow-origin'], '*');
    assert.equal(reply.headers['access-control-allow-methods'], 'POST,OPTIONS');
    assert.equal(reply.headers['access-control-allow-headers'], 'Content-Type,X-Who');
    assert.equal(reply.body, '');
  });

  test('a MOCK integration selects its response by the status code its request template produces', async () => {
    const ok = await byPath(t.url, apiId, '/prod/mock');
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { mocked: true, requestId: ok.headers['x-amzn-requestid'] });
    const failed = await byPath(t.url, apiId, '/prod/mock?fail=yes');
    assert.equal(failed.status, 500);
    assert.deepEqual(JSON.parse(failed.body), { mocked: 'failure' });
  });

  test('HTTP_PROXY forwards method, greedy path, query, headers and body to the stage variable URL', async () => {
    const reply = await byPath(t.url, apiId, '/prod/proxy/a/b?x=1&x=2', { method: 'PUT', body: 'payload', headers: { 'x-mapped': 'sent' } });
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.headers['x-backend'], 'yes');
    assert.deepEqual(JSON.parse(reply.body), { method: 'PUT', url: '/a/b?x=1&x=2', header: 'sent', body: 'payload' });
    const missing = await byPath(t.url, apiId, '/prod/proxy/missing');
    assert.equal(missing.status, 404);
  });

  test('HTTP (non-proxy) maps path, header and body, and selects responses by the backend status', async () => {
    const reply = await byPath(t.url, apiId, '/prod/http/widget');
    assert.equal(reply.status, 200, reply.body);
    assert.equal(reply.headers['x-from-backend'], 'yes');
    assert.deepEqual(JSON.parse(reply.body), { method: 'POST', url: '/things/widget', header: 'static-value', body: '{"asked": "widget"}' });
    const missing = await byPath(t.url, apiId, '/prod/http/missing');
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.body), { missing: '/things/missing' });
  });

  test('a customised gateway response changes status, headers and body', async () => {
    const reply = await byPath(t.url, apiId, '/prod/nowhere');
    assert.equal(reply.status, 404);
    assert.equal(reply.headers['x-custom'], 'gw');
    assert.deepEqual(JSON.parse(reply.body), { error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN' });
  });

  test('binary media types: a binary request reaches a proxy function base64-encoded, and its base64 answer is decoded', async () => {
    await createFunction(lambda, 'rest-binary', {
      files: {
        'index.js': `exports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, isBase64Encoded: true,
          body: Buffer.from(event.isBase64Encoded ? Buffer.from(event.body, 'base64').reverse() : Buffer.from('text')).toString('base64') });\n`,
      },
    });
    const created = await createApi(api, 'binary-api', [
      { path: '/img', httpMethod: 'POST', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('rest-binary') } },
    ]);
    await api.send(new UpdateRestApiCommand({ restApiId: created.restApiId, patchOperations: [{ op: 'add', path: '/binaryMediaTypes/image~1png' }] }));
    await api.send(new CreateDeploymentCommand({ restApiId: created.restApiId, stageName: 'prod' }));
    const sent = Buffer.from([0, 1, 2, 250, 255]);
    const reply = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = http.request(
        `${t.url}/_aws/execute-api/${created.restApiId}/prod/img`,
        { method: 'POST', headers: { 'content-type': 'image/png', accept: 'image/png' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(sent);
    });
    assert.equal(reply.status, 200);
    assert.deepEqual([...reply.body], [...Buffer.from(sent).reverse()]);
  });
});
