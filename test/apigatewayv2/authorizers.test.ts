import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  type CreateAuthorizerCommandInput,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { apiClient, lambdaArn } from './helpers.js';

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n`;
/** Allows `allow*` tokens with a context that says when it decided; simple responses (2.0) or an IAM policy (1.0). */
const AUTHORIZER = `exports.handler = async (event) => {
  const token = event.version === '2.0' ? event.identitySource[0] : event.identitySource;
  const allow = token.startsWith('allow');
  const context = { user: token, decidedAt: String(Date.now()) + Math.random(), version: event.version, type: event.type };
  if (event.version === '2.0') return { isAuthorized: allow, context };
  return { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: allow ? 'Allow' : 'Deny', Resource: event.methodArn }] }, context };
};\n`;

describe('HTTP API authorizers', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);
  const lambda = clientPerSuite(t, lambdaClient);
  let jwks: http.Server;
  let issuer = '';
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;

  before(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
      else if (req.url === '/jwks.json') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  });
  after(() => {
    jwks.closeAllConnections();
    return new Promise<void>((resolve) => jwks.close(() => resolve()));
  });

  async function apiWith(authorizer: Omit<CreateAuthorizerCommandInput, 'ApiId'>, route: { scopes?: string[]; payload?: string }) {
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'auth', ProtocolType: 'HTTP' }));
    const { AuthorizerId } = await api.send(new CreateAuthorizerCommand({ ApiId, ...authorizer }));
    const integration = await api.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaArn('echo'), PayloadFormatVersion: route.payload ?? '2.0' }),
    );
    await api.send(
      new CreateRouteCommand({
        ApiId,
        RouteKey: 'GET /secret',
        Target: `integrations/${integration.IntegrationId}`,
        AuthorizationType: authorizer.AuthorizerType === 'JWT' ? 'JWT' : 'CUSTOM',
        AuthorizerId,
        AuthorizationScopes: route.scopes,
      }),
    );
    await api.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }));
    return (headers: Record<string, string> = {}) => fetch(`${t.url}/_aws/execute-api/${ApiId}/secret`, { headers });
  }

  test('a Lambda authorizer with simple responses allows, denies, caches, and passes its context', async () => {
    await createFunction(lambda, 'echo', { files: { 'index.js': ECHO } });
    await createFunction(lambda, 'authorizer', { files: { 'index.js': AUTHORIZER } });
    const call = await apiWith(
      {
        Name: 'simple',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambdaArn('authorizer')}/invocations`,
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 300,
      },
      {},
    );
    const allowed = await call({ authorization: 'allow-1' });
    assert.equal(allowed.status, 200);
    const event = await allowed.json();
    assert.equal(event.requestContext.authorizer.lambda.user, 'allow-1');
    assert.equal(event.requestContext.authorizer.lambda.version, '2.0');
    assert.equal(event.requestContext.authorizer.lambda.type, 'REQUEST');
    const again = await (await call({ authorization: 'allow-1' })).json();
    assert.equal(again.requestContext.authorizer.lambda.decidedAt, event.requestContext.authorizer.lambda.decidedAt, 'the cached decision');
    const denied = await call({ authorization: 'deny-1' });
    assert.equal(denied.status, 403);
    assert.deepEqual(await denied.json(), { message: 'Forbidden' });
    const anonymous = await call();
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), { message: 'Unauthorized' });
  });

  test('a Lambda authorizer answering with an IAM policy (payload 1.0)', async () => {
    const call = await apiWith(
      {
        Name: 'policy',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: lambdaArn('authorizer'),
        AuthorizerPayloadFormatVersion: '1.0',
        IdentitySource: ['$request.header.Authorization'],
      },
      { payload: '1.0' },
    );
    const allowed = await call({ authorization: 'allow-2' });
    assert.equal(allowed.status, 200);
    const event = await allowed.json();
    assert.equal(event.requestContext.authorizer.user, 'allow-2');
    assert.equal(event.requestContext.authorizer.principalId, 'me');
    assert.equal(event.requestContext.authorizer.version, '1.0');
    assert.equal((await call({ authorization: 'deny-2' })).status, 403);
  });

  test('a JWT authorizer verifies RS256 tokens against the issuer’s JWKS, with audience and scopes', async () => {
    const call = await apiWith(
      { Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: issuer, Audience: ['my-app'] } },
      { scopes: ['orders:read'] },
    );
    const token = (claims: Record<string, unknown>, key = privateKey) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setIssuedAt().setExpirationTime('5m').sign(key);
    const good = await token({ sub: 'user-1', aud: 'my-app', scope: 'orders:read orders:write' });
    const allowed = await call({ authorization: `Bearer ${good}` });
    assert.equal(allowed.status, 200);
    const { jwt } = (await allowed.json()).requestContext.authorizer;
    assert.equal(jwt.claims.sub, 'user-1');
    assert.equal(jwt.claims.iss, issuer);
    assert.equal(typeof jwt.claims.exp, 'string');
    assert.deepEqual(jwt.scopes, ['orders:read', 'orders:write']);
    const wrongAudience = await call({ authorization: `Bearer ${await token({ sub: 'u', aud: 'other', scope: 'orders:read' })}` });
    assert.equal(wrongAudience.status, 401);
    assert.deepEqual(await wrongAudience.json(), { message: 'Unauthorized' });
    const wrongKey = await call({ authorization: `Bearer ${await token({ sub: 'u', aud: 'my-app', scope: 'orders:read' }, otherKey)}` });
    assert.equal(wrongKey.status, 401);
    const noScope = await call({ authorization: `Bearer ${await token({ sub: 'u', aud: 'my-app', scope: 'profile' })}` });
    assert.equal(noScope.status, 403);
    assert.deepEqual(await noScope.json(), { message: 'Forbidden' });
    assert.equal((await call()).status, 401);
  });
});
