import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { tempDir } from '../support/functions.js';
import { startTributary } from '../support/tributary.js';
import { apigatewayClient, byPath, createApi } from './helpers.js';

test('REST APIs, their deployments and stages survive a restart and keep serving', async () => {
  const dataDir = tempDir('tributary-apigw-');
  const first = await startTributary({ dataDir });
  const api = apigatewayClient(first.url);
  let restApiId = '';
  try {
    const created = await createApi(api, 'durable', [
      { path: '/hello', httpMethod: 'GET', integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } },
    ]);
    restApiId = created.restApiId;
  } finally {
    api.destroy();
    await first.stop();
  }
  const second = await startTributary({ dataDir });
  const again = apigatewayClient(second.url);
  try {
    assert.equal((await again.send(new GetStageCommand({ restApiId, stageName: 'prod' }))).stageName, 'prod');
    const reply = await byPath(second.url, restApiId, '/prod/hello');
    // No integration response was defined: API Gateway's answer is its 500.
    assert.equal(reply.status, 500);
    assert.equal(reply.body, '{"message": "Internal server error"}');
  } finally {
    again.destroy();
    await second.stop();
  }
});
