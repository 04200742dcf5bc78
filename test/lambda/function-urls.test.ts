import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient } from './helpers.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends a request to a function URL; its host resolves to loopback, named in the Host header. */
function request(functionUrl: string, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const url = new URL(functionUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: url.port, path, method: options.method ?? 'GET', headers: { host: url.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Lambda function URLs', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  test('a function URL config is created, read, listed and deleted', async () => {
    await createFunction(lambda, 'url-config');
    const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-config', AuthType: 'NONE' }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.FunctionUrl!, /^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:url-config');
    assert.equal(created.InvokeMode, 'BUFFERED');
    const dup = await awsError(lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-config', AuthType: 'NONE' })));
    assert.equal(dup.name, 'ResourceConflictException');
    const got = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-config' }));
    assert.equal(got.FunctionUrl, created.FunctionUrl);
    const listed = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'url-config' }));
    assert.equal(listed.FunctionUrlConfigs!.length, 1);
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-config' }));
    const gone = await awsError(lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-config' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('a request to the URL reaches the function as a payload 2.0 event and its response is sent back', async () => {
    await createFunction(lambda, 'web', {
      files: {
        'index.js': `exports.handler = async (event) => ({
          statusCode: 201,
          headers: { 'X-Seen': event.requestContext.http.method + ' ' + event.rawPath },
          cookies: ['a=1', 'b=2'],
          body: JSON.stringify({ query: event.queryStringParameters, body: event.body, cookies: event.cookies, routeKey: event.routeKey, version: event.version }),
        });\n`,
      },
    });
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }));
    const reply = await request(FunctionUrl!, '/orders/7?tag=a&tag=b', {
      method: 'POST',
      body: '{"n":1}',
      headers: { 'content-type': 'application/json', cookie: 'session=abc; theme=dark' },
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers['x-seen'], 'POST /orders/7');
    assert.deepEqual(reply.headers['set-cookie'], ['a=1', 'b=2']);
    assert.deepEqual(JSON.parse(reply.body), {
      query: { tag: 'a,b' },
      body: '{"n":1}',
      cookies: ['session=abc', 'theme=dark'],
      routeKey: '$default',
      version: '2.0',
    });
  });

  test('a result without statusCode is a 200 JSON response, and a function error is a 502', async () => {
    await createFunction(lambda, 'plain', {
      files: { 'index.js': `exports.handler = async (e) => { if (e.rawPath === '/fail') throw new Error('x'); return { ok: true }; };\n` },
    });
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'plain', AuthType: 'NONE' }));
    const ok = await request(FunctionUrl!, '/');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(ok.body), { ok: true });
    const failed = await request(FunctionUrl!, '/fail');
    assert.equal(failed.status, 502);
    assert.equal(failed.body, 'Internal Server Error');
  });

  test('an AWS_IAM URL refuses unsigned requests', async () => {
    await createFunction(lambda, 'private');
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'private', AuthType: 'AWS_IAM' }));
    const reply = await request(FunctionUrl!, '/');
    assert.equal(reply.status, 403);
    assert.match(JSON.parse(reply.body).Message, /^Forbidden\./);
  });

  test('a URL with CORS answers preflight requests itself and marks responses for allowed origins', async () => {
    await createFunction(lambda, 'cors', { files: { 'index.js': `exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n` } });
    const { FunctionUrl } = await lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'cors',
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['https://app.example'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 300 },
      }),
    );
    const preflight = await request(FunctionUrl!, '/', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(preflight.headers['access-control-max-age'], '300');
    const allowed = await request(FunctionUrl!, '/', { headers: { origin: 'https://app.example' } });
    assert.equal(allowed.body, 'ok');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example');
    const other = await request(FunctionUrl!, '/', { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });
});
