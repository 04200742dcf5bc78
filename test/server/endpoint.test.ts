import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tributaryPerSuite } from '../support/suite.js';

describe('the endpoint', () => {
  const t = tributaryPerSuite();

  test('reports every service on /_tributary/health', async () => {
    const res = await fetch(`${t.url}/_tributary/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; services: Record<string, unknown> };
    assert.equal(body.status, 'running');
    assert.ok('lambda' in body.services);
  });

  test('answers an unknown Lambda path with an AWS error shape, not a crash', async () => {
    const res = await fetch(`${t.url}/2015-03-31/no-such-thing`, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x',
      },
    });
    assert.ok(res.status >= 400 && res.status < 500);
    assert.ok(res.headers.get('x-amzn-errortype'));
    const body = (await res.json()) as { message?: string };
    assert.equal(typeof body.message, 'string');
  });

  test('answers an unknown JSON-protocol target with an AWS error shape', async () => {
    const res = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'NoSuchService_20200101.DoThing',
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/nosuchservice/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '{}',
    });
    assert.ok(res.status >= 400 && res.status < 500);
    await res.arrayBuffer();
  });
});
