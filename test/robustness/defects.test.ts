import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { rawExchange, rawRequest } from '../support/raw-http.js';
import { createFunction } from '../lambda/helpers.js';

const STREAMING = {
  'content-encoding': 'aws-chunked',
  'x-amz-decoded-content-length': '5',
  'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};

describe('requests that crashed or fooled the server', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const healthy = async () => assert.equal((await rawRequest(t.url, { path: '/_tributary/health' })).status, 200);

  test('a malformed aws-chunked PutObject is a 400, and the server lives on', async () => {
    assert.equal((await rawRequest(t.url, { method: 'PUT', path: '/chunky' })).status, 200);
    const res = await rawRequest(t.url, { method: 'PUT', path: '/chunky/obj', headers: STREAMING, body: 'zz\r\nhello\r\n' });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidRequest<\/Code>/);
    await healthy();
    assert.equal((await rawRequest(t.url, { path: '/chunky/obj' })).status, 404);
  });

  test('a malformed aws-chunked UploadPart is a 400, and the server lives on', async () => {
    const created = await rawRequest(t.url, { method: 'POST', path: '/chunky/big?uploads' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)![1]!;
    const res = await rawRequest(t.url, {
      method: 'PUT',
      path: `/chunky/big?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`,
      headers: STREAMING,
      body: 'zz\r\nhello\r\n',
    });
    assert.equal(res.status, 400);
    await healthy();
  });

  test('a form upload cut before its closing boundary is MalformedPOSTRequest and stores nothing', async () => {
    const boundary = 'XyZ';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\ncut.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\nContent-Type: text/plain\r\n\r\nhalf of the by`;
    const res = await rawRequest(t.url, { method: 'POST', path: '/chunky', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MalformedPOSTRequest<\/Code>/);
    assert.match(res.body, /The body of your POST request is not well-formed multipart\/form-data\./);
    assert.equal((await rawRequest(t.url, { path: '/chunky/cut.txt' })).status, 404);
  });

  test('an SQS query batch of 8,000 entries is refused with TooManyEntriesInBatchRequest before any work', async () => {
    const form = new URLSearchParams({ Action: 'SendMessageBatch', QueueUrl: `${t.url}/123456789012/none` });
    for (let i = 1; i <= 8000; i++) {
      form.set(`SendMessageBatchRequestEntry.${i}.Id`, `m${i}`);
      form.set(`SendMessageBatchRequestEntry.${i}.MessageBody`, 'x');
      form.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.1.Name`, 'a');
      form.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.1.Value.DataType`, 'String');
      form.set(`SendMessageBatchRequestEntry.${i}.MessageAttribute.1.Value.StringValue`, 'v');
    }
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      timeoutMs: 20_000,
    });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>AWS\.SimpleQueueService\.TooManyEntriesInBatchRequest<\/Code>/);
    assert.match(res.body, /Maximum number of entries per request are 10\. You have sent 8000\./);
  });

  test('a malformed Host header is a 400, not a 500', async () => {
    const reply = await rawExchange(t.url, 'GET /2015-03-31/functions HTTP/1.1\r\nHost: ex%ample\r\nConnection: close\r\n\r\n');
    assert.match(reply, /^HTTP\/1\.1 400 /);
  });

  test('a path starting with // is answered by a service, not a 500', async () => {
    for (const path of ['//', '//bucket/key', '//2015-03-31/functions']) {
      const res = await rawRequest(t.url, { path });
      assert.ok(res.status < 500, `${path}: ${res.status} ${res.body}`);
    }
  });

  test('UpdateFunctionCode with a number for ZipFile is a 400 SerializationException', async () => {
    await createFunction(lambda, 'zip-type');
    const res = await rawRequest(t.url, {
      method: 'PUT',
      path: '/2015-03-31/functions/zip-type/code',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ZipFile: 12345 }),
    });
    assert.equal(res.status, 400, res.body);
    assert.equal(res.headers['x-amzn-errortype'], 'SerializationException');
    assert.match(res.body, /can not be converted to a Blob/);
  });
});

describe('invalid input AWS rejects', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));

  test('PutBucketCors with a method S3 does not serve CORS for is InvalidRequest', async () => {
    assert.equal((await rawRequest(t.url, { method: 'PUT', path: '/cors-check' })).status, 200);
    const cors =
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>EXPLODE</AllowedMethod></CORSRule></CORSConfiguration>';
    const res = await rawRequest(t.url, { method: 'PUT', path: '/cors-check?cors', body: cors });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidRequest<\/Code>/);
    assert.match(res.body, /Found unsupported HTTP method in CORS config\. Unsupported method is EXPLODE/);
    const noOrigin = '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
    const malformed = await rawRequest(t.url, { method: 'PUT', path: '/cors-check?cors', body: noOrigin });
    assert.equal(malformed.status, 400);
    assert.match(malformed.body, /<Code>MalformedXML<\/Code>/);
    assert.equal((await rawRequest(t.url, { path: '/cors-check?cors' })).status, 404);
  });

  test('an unknown x-amz-sdk-checksum-algorithm is InvalidRequest and stores nothing', async () => {
    const res = await rawRequest(t.url, { method: 'PUT', path: '/cors-check/sum.txt', headers: { 'x-amz-sdk-checksum-algorithm': 'BOGUS' }, body: 'data' });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidRequest<\/Code>/);
    assert.match(res.body, /Value for x-amz-sdk-checksum-algorithm header is invalid\./);
    assert.equal((await rawRequest(t.url, { path: '/cors-check/sum.txt' })).status, 404);
  });

  test('CreateMultipartUpload with an unknown checksum algorithm is InvalidRequest', async () => {
    const res = await rawRequest(t.url, { method: 'POST', path: '/cors-check/mpu?uploads', headers: { 'x-amz-checksum-algorithm': 'MD4' } });
    assert.equal(res.status, 400);
    assert.match(
      res.body,
      /Checksum algorithm provided is unsupported\. Please try again with any of the valid types: \[CRC32, CRC32C, CRC64NVME, SHA1, SHA256\]/,
    );
  });

  test('Invoke with a bogus X-Amz-Log-Type is a validation error', async () => {
    await createFunction(lambda, 'log-type');
    const res = await rawRequest(t.url, {
      method: 'POST',
      path: '/2015-03-31/functions/log-type/invocations',
      headers: { 'x-amz-log-type': 'Bogus' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'ValidationException');
    assert.match(res.body, /Value 'Bogus' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: \[None, Tail\]/);
  });

  test('SetQueueAttributes (query) naming an attribute without its value is MissingParameter', async () => {
    const form = (body: Record<string, string>) =>
      rawRequest(t.url, {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const created = await form({ Action: 'CreateQueue', QueueName: 'attrs' });
    const queueUrl = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.body)![1]!;
    const res = await form({ Action: 'SetQueueAttributes', QueueUrl: queueUrl, 'Attribute.1.Name': 'VisibilityTimeout' });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MissingParameter<\/Code>/);
    assert.match(res.body, /The request must contain the parameter Attribute\.Value\./);
  });
});
