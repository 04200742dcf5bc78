import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { ROLE, tempDir, zipOf } from '../support/functions.js';
import { startTributary, type TestTributary } from '../support/tributary.js';

const ALICE = { accessKeyId: 'AKIAALICE0000000', secretAccessKey: 'alice-secret' };

describe('--enforce-auth and HTTP APIs', () => {
  let t: TestTributary;
  before(async () => {
    const file = path.join(tempDir('tributary-apigw-auth-'), 'accounts.json');
    fs.writeFileSync(file, JSON.stringify({ accounts: [{ accountId: '111111111111', keys: [ALICE] }] }));
    t = await startTributary({ config: { enforceAuth: true, credentialsFile: file } });
  });
  after(() => t.stop());

  test('the data plane serves unsigned callers and bearer tokens; the control plane still needs a signature', async () => {
    const config = { endpoint: t.url, region: 'us-east-1', credentials: ALICE, maxAttempts: 1 };
    const lambda = new LambdaClient(config);
    const apigw = new ApiGatewayV2Client(config);
    try {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'open',
          Runtime: 'nodejs20.x',
          Role: ROLE.replace('123456789012', '111111111111'),
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': `exports.handler = async (e) => ({ auth: e.headers.authorization || null });\n` }) },
        }),
      );
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'open' });
      const { ApiId } = await apigw.send(
        new CreateApiCommand({ Name: 'open', ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:111111111111:function:open' }),
      );
      const unsigned = await fetch(`${t.url}/_aws/execute-api/${ApiId}/x`);
      assert.equal(unsigned.status, 200);
      const bearer = await fetch(`${t.url}/_aws/execute-api/${ApiId}/x`, { headers: { authorization: 'Bearer abc' } });
      assert.deepEqual(await bearer.json(), { auth: 'Bearer abc' });
      const control = await fetch(`${t.url}/v2/apis`, {
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAALICE0000000/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=00' },
      });
      assert.equal(control.status, 403);
    } finally {
      lambda.destroy();
      apigw.destroy();
    }
  });
});
