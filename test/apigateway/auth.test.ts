import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  FlushStageAuthorizersCacheCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { collect } from '../support/observed.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { apigatewayClient, byPath, createPath, lambdaUri } from './helpers.js';

// Allows `allow-*` tokens on GET /pets/* only, denies `deny`, fails on `boom`, refuses `nope` as Unauthorized.
const TOKEN_AUTHORIZER = `exports.handler = async (event) => {
  const token = event.authorizationToken;
  if (token === 'nope') throw new Error('Unauthorized');
  if (token === 'boom') throw new Error('kaput');
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: 'user-' + token,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: token === 'deny' ? 'Deny' : 'Allow', Resource: arn + '/' + stage + '/GET/pets/*' }] },
    context: { tier: 'gold', count: 3, admin: true, token },
  };
};\n`;

const REQUEST_AUTHORIZER = `exports.handler = async (event) => ({
  principalId: event.queryStringParameters.user,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.headers['X-Role'] === 'admin' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
  context: { type: event.type, role: event.headers['X-Role'] },
});\n`;

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ authorizer: event.requestContext.authorizer, identity: event.requestContext.identity }) });\n`;

describe('REST API authorizers and API keys', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const api = clientPerSuite(t, apigatewayClient);
  let apiId = '';
  let keyValue = '';

  test('setup: TOKEN and REQUEST authorizers, and a method that requires an API key', async () => {
    await createFunction(lambda, 'auth-token', { files: { 'index.js': TOKEN_AUTHORIZER } });
    await createFunction(lambda, 'auth-request', { files: { 'index.js': REQUEST_AUTHORIZER } });
    await createFunction(lambda, 'auth-echo', { files: { 'index.js': ECHO } });
    const created = await api.send(new CreateRestApiCommand({ name: 'auth-api' }));
    apiId = created.id!;
    const token = await api.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'token',
        type: 'TOKEN',
        authorizerUri: lambdaUri('auth-token'),
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
      }),
    );
    assert.equal(token.authorizerResultTtlInSeconds, 300);
    const request = await api.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'request',
        type: 'REQUEST',
        authorizerUri: lambdaUri('auth-request'),
        identitySource: 'method.request.header.X-Role, method.request.querystring.user',
        authorizerResultTtlInSeconds: 0,
      }),
    );
    const root = created.rootResourceId!;
    const known = new Map<string, string>();
    const add = async (path: string, httpMethod: string, method: Record<string, unknown>) => {
      const resourceId = await createPath(api, apiId, root, path, known);
      await api.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE', ...method }));
      await api.send(
        new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('auth-echo') }),
      );
    };
    await add('/pets/{id}', 'GET', { authorizationType: 'CUSTOM', authorizerId: token.id });
    await add('/pets/{id}', 'DELETE', { authorizationType: 'CUSTOM', authorizerId: token.id });
    await add('/admin', 'GET', { authorizationType: 'CUSTOM', authorizerId: request.id });
    await add('/keyed', 'GET', { apiKeyRequired: true });
    await api.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    const key = await api.send(new CreateApiKeyCommand({ name: 'client', enabled: true }));
    keyValue = key.value!;
    assert.equal(keyValue.length, 40);
    const plan = await api.send(new CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId, stage: 'prod' }] }));
    await api.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
  });

  test('a TOKEN authorizer allows, and its context reaches requestContext.authorizer', async () => {
    const reply = await byPath(t.url, apiId, '/prod/pets/1', { headers: { Authorization: 'allow-a' } });
    assert.equal(reply.status, 200, reply.body);
    const { authorizer } = JSON.parse(reply.body);
    assert.equal(authorizer.principalId, 'user-allow-a');
    assert.equal(authorizer.tier, 'gold');
    assert.equal(authorizer.count, '3');
    assert.equal(authorizer.admin, 'true');
    assert.equal(typeof authorizer.integrationLatency, 'number');
  });

  test('a missing token is 401, an explicit deny 403, a method the policy omits 403, an authorizer error 500', async () => {
    const missing = await byPath(t.url, apiId, '/prod/pets/1');
    assert.equal(missing.status, 401);
    assert.equal(missing.body, '{"message":"Unauthorized"}');
    const unauthorized = await byPath(t.url, apiId, '/prod/pets/1', { headers: { Authorization: 'nope' } });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.body, '{"message":"Unauthorized"}');
    const denied = await byPath(t.url, apiId, '/prod/pets/1', { headers: { Authorization: 'deny' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body, '{"Message":"User is not authorized to access this resource with an explicit deny"}');
    const notAllowed = await byPath(t.url, apiId, '/prod/pets/1', { method: 'DELETE', headers: { Authorization: 'allow-b' } });
    assert.equal(notAllowed.status, 403);
    assert.equal(notAllowed.body, '{"Message":"User is not authorized to access this resource"}');
    const broken = await byPath(t.url, apiId, '/prod/pets/1', { headers: { Authorization: 'boom' } });
    assert.equal(broken.status, 500);
    assert.equal(broken.body, '{"message": null}');
  });

  test('a TOKEN result is cached by token for its TTL (and judged again per method); flushing the stage cache calls it again', async () => {
    const invocations = collect(t, ['invocation.finished']);
    const authorizerRuns = () => invocations.observations.filter((o) => o.type === 'invocation.finished' && o.ids.functionArn?.endsWith(':auth-token')).length;
    try {
      assert.equal((await byPath(t.url, apiId, '/prod/pets/2', { headers: { Authorization: 'allow-cache' } })).status, 200);
      assert.equal((await byPath(t.url, apiId, '/prod/pets/3', { headers: { Authorization: 'allow-cache' } })).status, 200);
      // The cached policy allows GET /pets/* only: DELETE is refused without calling the authorizer.
      assert.equal((await byPath(t.url, apiId, '/prod/pets/3', { method: 'DELETE', headers: { Authorization: 'allow-cache' } })).status, 403);
      assert.equal(authorizerRuns(), 1);
      const cached = JSON.parse((await byPath(t.url, apiId, '/prod/pets/4', { headers: { Authorization: 'allow-cache' } })).body);
      assert.equal(cached.authorizer.integrationLatency, 0);
      await api.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: 'prod' }));
      assert.equal((await byPath(t.url, apiId, '/prod/pets/2', { headers: { Authorization: 'allow-cache' } })).status, 200);
      assert.equal(authorizerRuns(), 2);
    } finally {
      invocations.stop();
    }
  });

  test('a REQUEST authorizer sees headers and query, and its verdict applies', async () => {
    const allowed = await byPath(t.url, apiId, '/prod/admin?user=ann', { headers: { 'X-Role': 'admin' } });
    assert.equal(allowed.status, 200, allowed.body);
    assert.deepEqual(JSON.parse(allowed.body).authorizer, {
      type: 'REQUEST',
      role: 'admin',
      principalId: 'ann',
      integrationLatency: JSON.parse(allowed.body).authorizer.integrationLatency,
    });
    const denied = await byPath(t.url, apiId, '/prod/admin?user=bob', { headers: { 'X-Role': 'guest' } });
    assert.equal(denied.status, 403);
  });

  test('a method that requires an API key refuses requests without a valid x-api-key', async () => {
    const none = await byPath(t.url, apiId, '/prod/keyed');
    assert.equal(none.status, 403);
    assert.equal(none.body, '{"message":"Forbidden"}');
    const wrong = await byPath(t.url, apiId, '/prod/keyed', { headers: { 'x-api-key': 'x'.repeat(40) } });
    assert.equal(wrong.status, 403);
    const ok = await byPath(t.url, apiId, '/prod/keyed', { headers: { 'x-api-key': keyValue } });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(JSON.parse(ok.body).identity.apiKey, keyValue);
  });

  test('usage plans enforce their quota and throttle per key with 429s', async () => {
    const makeKey = async (name: string, plan: Record<string, unknown>) => {
      const key = await api.send(new CreateApiKeyCommand({ name, enabled: true }));
      const created = await api.send(new CreateUsagePlanCommand({ name, apiStages: [{ apiId, stage: 'prod' }], ...plan }));
      await api.send(new CreateUsagePlanKeyCommand({ usagePlanId: created.id, keyId: key.id, keyType: 'API_KEY' }));
      return key.value!;
    };
    const quota = await makeKey('quota', { quota: { limit: 2, period: 'DAY' } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await byPath(t.url, apiId, '/prod/keyed', { headers: { 'x-api-key': quota } }));
    assert.deepEqual(
      statuses.map((r) => r.status),
      [200, 200, 429],
    );
    assert.equal(statuses[2]!.body, '{"message":"Limit Exceeded"}');
    const throttled = await makeKey('throttle', { throttle: { burstLimit: 1, rateLimit: 0.001 } });
    assert.equal((await byPath(t.url, apiId, '/prod/keyed', { headers: { 'x-api-key': throttled } })).status, 200);
    const second = await byPath(t.url, apiId, '/prod/keyed', { headers: { 'x-api-key': throttled } });
    assert.equal(second.status, 429);
    assert.equal(second.body, '{"message":"Too Many Requests"}');
  });
});
