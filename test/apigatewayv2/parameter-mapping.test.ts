import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { apiClient, lambdaArn } from './helpers.js';

describe('HTTP API parameter mapping', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);
  const lambda = clientPerSuite(t, lambdaClient);

  test('request parameters change the headers, query string and path an HTTP_PROXY integration is sent; response parameters change the answer', async () => {
    const upstream = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-internal': 'secret', 'x-version': '7' });
      res.end(JSON.stringify({ url: req.url, tenant: req.headers['x-tenant'], auth: req.headers.authorization ?? null, extra: req.headers['x-extra'] }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = (upstream.address() as AddressInfo).port;
      const { ApiId } = await api.send(new CreateApiCommand({ Name: 'mapped', ProtocolType: 'HTTP' }));
      const integration = await api.send(
        new CreateIntegrationCommand({
          ApiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `http://127.0.0.1:${port}/up`,
          PayloadFormatVersion: '1.0',
          RequestParameters: {
            'overwrite:path': '/v2/orders/${request.path.id}',
            'append:header.x-tenant': '$request.querystring.tenant',
            'overwrite:header.x-extra': 'stage ${context.stage} id ${request.path.id}',
            'remove:header.authorization': "''",
            'append:querystring.source': 'gateway',
            'remove:querystring.tenant': "''",
          },
          ResponseParameters: {
            '200': { 'remove:header.x-internal': "''", 'overwrite:header.x-api-version': '$response.header.x-version', 'overwrite:statuscode': '202' },
          },
        }),
      );
      await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /orders/{id}', Target: `integrations/${integration.IntegrationId}` }));
      await api.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }));
      const reply = await fetch(`${t.url}/_aws/execute-api/${ApiId}/orders/42?tenant=acme&keep=1`, { headers: { authorization: 'Bearer x' } });
      assert.equal(reply.status, 202);
      assert.equal(reply.headers.get('x-internal'), null);
      assert.equal(reply.headers.get('x-api-version'), '7');
      const seen = await reply.json();
      assert.equal(seen.url, '/v2/orders/42?keep=1&source=gateway');
      assert.equal(seen.tenant, 'acme');
      assert.equal(seen.auth, null);
      assert.equal(seen.extra, 'stage $default id 42');
    } finally {
      upstream.closeAllConnections();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  test('response parameters apply to a Lambda proxy integration by its status code', async () => {
    await createFunction(lambda, 'mapped-fn', {
      files: { 'index.js': 'exports.handler = async () => ({ statusCode: 201, headers: { "x-from": "fn" }, body: JSON.stringify({ id: "n1" }) });' },
    });
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'mapped-fn', ProtocolType: 'HTTP' }));
    const integration = await api.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: lambdaArn('mapped-fn'),
        PayloadFormatVersion: '2.0',
        ResponseParameters: { '201': { 'append:header.x-from': 'gateway', 'overwrite:header.location': '/items/${response.body.id}' } },
      }),
    );
    await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'POST /items', Target: `integrations/${integration.IntegrationId}` }));
    await api.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }));
    const reply = await fetch(`${t.url}/_aws/execute-api/${ApiId}/items`, { method: 'POST', body: '{}' });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.get('x-from'), 'fn,gateway');
    assert.equal(reply.headers.get('location'), '/items/n1');
  });
});
