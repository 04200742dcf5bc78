import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { rawRequest } from '../support/raw-http.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';

/** SHA-256 (an HMAC when given a secret) as the SigV4 signer asks for one. */
const toBytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

async function signedHeaders(host: string, service: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: host.split(':')[0]!,
    port: Number(host.split(':')[1]),
    path: '/who',
    headers: { host },
    query: {},
  });
  return signed.headers as Record<string, string>;
}

describe('function URLs with AWS_IAM', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  test('an AWS_IAM function URL takes requests SigV4-signed for lambda and refuses others with AWS’s 403', async () => {
    await createFunction(lambda, 'iam-url', {
      files: {
        'index.js': `exports.handler = async (e) => ({ iam: Boolean(e.requestContext.authorizer && e.requestContext.authorizer.iam), path: e.rawPath });\n`,
      },
    });
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'iam-url', AuthType: 'AWS_IAM' }));
    const host = new URL(FunctionUrl!).host;
    const ok = await rawRequest(t.url, { path: '/who', headers: await signedHeaders(host, 'lambda') });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { iam: true, path: '/who' });
    const wrongService = await rawRequest(t.url, { path: '/who', headers: await signedHeaders(host, 's3') });
    assert.equal(wrongService.status, 403);
    assert.match(JSON.parse(wrongService.body).Message, /^Forbidden/);
    const unsigned = await rawRequest(t.url, { path: '/who', headers: { host, authorization: 'Bearer x' } });
    assert.equal(unsigned.status, 403);
  });
});
