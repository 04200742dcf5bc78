import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { observed } from '../support/observed.js';
import { rawRequest } from '../support/raw-http.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { apiClient, lambdaArn } from './helpers.js';

/** Answers by path: the event it got, a bare value, a binary body, cookies, an error, a malformed answer. */
const WEB = `exports.handler = async (event) => {
  const path = event.rawPath || event.path;
  if (path.endsWith('/fail')) throw new Error('boom');
  if (path.endsWith('/slow')) { await new Promise((r) => setTimeout(r, 1500)); return 'late'; }
  if (path.endsWith('/bare')) return { hello: 'world' };
  if (path.endsWith('/string')) return 'Hello';
  if (path.endsWith('/malformed')) return { statusCode: 'abc' };
  if (path.endsWith('/binary')) return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
  if (path.endsWith('/cookies')) return { statusCode: 201, cookies: ['a=1; Path=/', 'b=2'], headers: { 'x-custom': 'yes' }, body: 'made' };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};\n`;

describe('HTTP APIs: the data plane', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);
  const lambda = clientPerSuite(t, lambdaClient);
  let quickId = '';
  let host = '';

  const byHost = (path: string, options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {}) =>
    rawRequest(t.url, { ...options, path, headers: { host, ...(options.headers as Record<string, string>) } });

  test('a quick-created API hands the function the payload 2.0 event, field for field', async () => {
    await createFunction(lambda, 'web', { files: { 'index.js': WEB } });
    const created = await api.send(new CreateApiCommand({ Name: 'web', ProtocolType: 'HTTP', Target: lambdaArn('web') }));
    quickId = created.ApiId!;
    host = new URL(created.ApiEndpoint!).host;
    const reply = await byHost('/orders/A-1?tag=a&tag=b&verbose=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=abc; theme=dark', 'X-Multi': ['v1', 'v2'], 'user-agent': 'test-agent' },
      body: '{"a":1}',
    });
    assert.equal(reply.status, 200);
    const requestId = reply.headers['apigw-requestid'] as string;
    assert.match(requestId, /^[A-Za-z0-9]{15}=$/);
    const event = JSON.parse(reply.body) as APIGatewayProxyEventV2;
    const { requestContext, headers, ...rest } = event;
    assert.deepEqual(rest, {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/orders/A-1',
      rawQueryString: 'tag=a&tag=b&verbose=1',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { tag: 'a,b', verbose: '1' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    assert.equal(headers['x-multi'], 'v1,v2');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers.host, host);
    assert.equal(headers.cookie, undefined);
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-port'], new URL(t.url).port);
    const { time, timeEpoch, ...context } = requestContext;
    assert.match(time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof timeEpoch, 'number');
    assert.deepEqual(context, {
      accountId: '123456789012',
      apiId: quickId,
      domainName: host,
      domainPrefix: quickId,
      http: { method: 'POST', path: '/orders/A-1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test-agent' },
      requestId,
      routeKey: '$default',
      stage: '$default',
    });
  });

  test('each request is observed: the API call and the invocation it caused share the request id', async () => {
    const call = observed(t, 'api.call', (o) => o.service === 'execute-api' && o.operation === '$default');
    const invocation = observed(t, 'invocation.finished', (o) => o.source === 'aws:apigateway');
    const reply = await byHost('/observed');
    const requestId = reply.headers['apigw-requestid'];
    const [a, i] = await Promise.all([call, invocation]);
    assert.equal(a.ids.requestId, requestId);
    assert.equal(a.status, 200);
    assert.equal(i.ids.requestId, requestId);
    assert.equal(i.ids.sourceArn, `arn:aws:execute-api:us-east-1:123456789012:${quickId}`);
    assert.equal(i.outcome, 'success');
  });

  test('the 2.0 response rules: bare values are 200 JSON, cookies are Set-Cookie, base64 bodies are decoded', async () => {
    const bare = await byHost('/bare');
    assert.equal(bare.status, 200);
    assert.equal(bare.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(bare.body), { hello: 'world' });
    const text = await byHost('/string');
    assert.equal(text.body, '"Hello"');
    const cookies = await byHost('/cookies');
    assert.equal(cookies.status, 201);
    assert.deepEqual(cookies.headers['set-cookie'], ['a=1; Path=/', 'b=2']);
    assert.equal(cookies.headers['x-custom'], 'yes');
    assert.equal(cookies.body, 'made');
    const binary = await fetch(`${t.url}/_aws/execute-api/${quickId}/binary`);
    assert.deepEqual([...new Uint8Array(await binary.arrayBuffer())], [0, 1, 2, 255]);
    const upload = await byHost('/echo', { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([9, 8, 7]) });
    const event = JSON.parse(upload.body);
    assert.equal(event.isBase64Encoded, true);
    assert.equal(event.body, Buffer.from([9, 8, 7]).toString('base64'));
  });

  test('function errors and malformed answers are 500, unknown routes 404, as AWS words them', async () => {
    const failed = await byHost('/fail');
    assert.equal(failed.status, 500);
    assert.deepEqual(JSON.parse(failed.body), { message: 'Internal Server Error' });
    const malformed = await byHost('/malformed');
    assert.equal(malformed.status, 500);
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'narrow', ProtocolType: 'HTTP', Target: lambdaArn('web'), RouteKey: 'GET /only' }));
    const other = await fetch(`${t.url}/_aws/execute-api/${ApiId}/elsewhere`);
    assert.equal(other.status, 404);
    assert.deepEqual(await other.json(), { message: 'Not Found' });
    assert.ok(other.headers.get('apigw-requestid'));
    const wrongMethod = await fetch(`${t.url}/_aws/execute-api/${ApiId}/only`, { method: 'POST' });
    assert.equal(wrongMethod.status, 404);
  });

  test('a named stage with variables, path parameters, greedy paths and payload 1.0, by path', async () => {
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'v1', ProtocolType: 'HTTP' }));
    const integration = await api.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaArn('web'), PayloadFormatVersion: '1.0' }),
    );
    const v2 = await api.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaArn('web'), PayloadFormatVersion: '2.0' }),
    );
    await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /files/{proxy+}', Target: `integrations/${integration.IntegrationId}` }));
    await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /items/{id}', Target: `integrations/${v2.IntegrationId}` }));
    await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /items/special', Target: `integrations/${v2.IntegrationId}` }));
    await api.send(new CreateStageCommand({ ApiId, StageName: 'prod', AutoDeploy: true, StageVariables: { color: 'blue' } }));
    const reply = await fetch(`${t.url}/_aws/execute-api/${ApiId}/prod/files/a/b%20c.txt?x=1&x=2`, { headers: { 'X-Case': 'Kept' } });
    assert.equal(reply.status, 200);
    const event = await reply.json();
    assert.equal(event.version, '1.0');
    assert.equal(event.resource, '/files/{proxy+}');
    assert.equal(event.path, '/prod/files/a/b%20c.txt');
    assert.equal(event.httpMethod, 'GET');
    assert.equal(event.headers['x-case'] ?? event.headers['X-Case'], 'Kept');
    assert.deepEqual(event.multiValueHeaders['X-Forwarded-For'], ['127.0.0.1']);
    assert.deepEqual(event.multiValueQueryStringParameters, { x: ['1', '2'] });
    assert.deepEqual(event.queryStringParameters, { x: '2' });
    assert.deepEqual(event.pathParameters, { proxy: 'a/b c.txt' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.requestContext.stage, 'prod');
    assert.equal(event.requestContext.resourcePath, '/files/{proxy+}');
    assert.equal(event.requestContext.httpMethod, 'GET');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(typeof event.requestContext.requestTimeEpoch, 'number');
    const item = await (await fetch(`${t.url}/_aws/execute-api/${ApiId}/prod/items/42`)).json();
    assert.equal(item.routeKey, 'GET /items/{id}');
    assert.deepEqual(item.pathParameters, { id: '42' });
    assert.equal(item.rawPath, '/prod/items/42');
    assert.equal(item.requestContext.stage, 'prod');
    assert.deepEqual(item.stageVariables, { color: 'blue' });
    const special = await (await fetch(`${t.url}/_aws/execute-api/${ApiId}/prod/items/special`)).json();
    assert.equal(special.routeKey, 'GET /items/special');
    assert.equal(special.pathParameters, undefined);
    const noStage = await fetch(`${t.url}/_aws/execute-api/${ApiId}/items/42`);
    assert.equal(noStage.status, 404);
  });

  test('CORS: API Gateway answers preflight itself and adds the headers to responses of allowed origins', async () => {
    const { ApiId } = await api.send(
      new CreateApiCommand({
        Name: 'cors',
        ProtocolType: 'HTTP',
        Target: lambdaArn('web'),
        CorsConfiguration: {
          AllowOrigins: ['https://app.example'],
          AllowMethods: ['GET', 'POST'],
          AllowHeaders: ['content-type'],
          ExposeHeaders: ['x-custom'],
          MaxAge: 600,
        },
      }),
    );
    const base = `${t.url}/_aws/execute-api/${ApiId}`;
    const preflight = await fetch(`${base}/cookies`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type');
    assert.equal(preflight.headers.get('access-control-max-age'), '600');
    const actual = await fetch(`${base}/cookies`, { headers: { origin: 'https://app.example' } });
    assert.equal(actual.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(actual.headers.get('access-control-expose-headers'), 'x-custom');
    const stranger = await fetch(`${base}/cookies`, { headers: { origin: 'https://evil.example' } });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  });

  test('an integration that does not answer within TimeoutInMillis is 503 Service Unavailable', async () => {
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'slow', ProtocolType: 'HTTP' }));
    const integration = await api.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: lambdaArn('web'),
        PayloadFormatVersion: '2.0',
        TimeoutInMillis: 200,
      }),
    );
    await api.send(new CreateRouteCommand({ ApiId, RouteKey: '$default', Target: `integrations/${integration.IntegrationId}` }));
    await api.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }));
    const reply = await fetch(`${t.url}/_aws/execute-api/${ApiId}/slow`);
    assert.equal(reply.status, 503);
    assert.deepEqual(await reply.json(), { message: 'Service Unavailable' });
  });

  test('an HTTP_PROXY integration forwards method, path parameters, query and body, and passes the answer back', async () => {
    const upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = (upstream.address() as AddressInfo).port;
      const { ApiId } = await api.send(new CreateApiCommand({ Name: 'proxy', ProtocolType: 'HTTP' }));
      const integration = await api.send(
        new CreateIntegrationCommand({
          ApiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `http://127.0.0.1:${port}/up/{proxy}`,
          PayloadFormatVersion: '1.0',
        }),
      );
      await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /{proxy+}', Target: `integrations/${integration.IntegrationId}` }));
      await api.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }));
      const reply = await fetch(`${t.url}/_aws/execute-api/${ApiId}/a/b?x=1`, { method: 'POST', body: 'payload' });
      assert.equal(reply.status, 202);
      assert.equal(reply.headers.get('x-upstream'), 'yes');
      assert.deepEqual(await reply.json(), { method: 'POST', url: '/up/a/b?x=1', body: 'payload' });
    } finally {
      upstream.closeAllConnections();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
