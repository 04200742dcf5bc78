import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { rawExchange, rawRequest, type RawReply } from '../support/raw-http.js';
import { createFunction } from '../lambda/helpers.js';
import { AWS_OWN_5XX, Gen, type FuzzRequest, mulberry32, REQUESTS, RESPONSE_BOUND_MS, SEED } from './fuzz-gen.js';

/**
 * A seeded, bounded fuzzer over every protocol Tributary speaks: REST-JSON (Lambda), JSON 1.0 and
 * query (SQS), REST-XML (S3, form uploads, aws-chunked bodies), function URL hosts and raw HTTP.
 * Each request must get an answer within a bound, never a 500, and the server must still work
 * afterwards. Reproduce a failure with TRIBUTARY_FUZZ_SEED=<seed printed in the message>.
 */
const LAMBDA_PATHS = [
  '/2015-03-31/functions',
  '/2015-03-31/functions/fuzz-fn',
  '/2015-03-31/functions/fuzz-fn/invocations',
  '/2015-03-31/functions/fuzz-fn/code',
  '/2015-03-31/functions/fuzz-fn/configuration',
  '/2015-03-31/functions/fuzz-fn/versions',
  '/2015-03-31/functions/fuzz-fn/aliases',
  '/2015-03-31/functions/fuzz-fn/policy',
  '/2015-03-31/event-source-mappings',
  '/2015-03-31/event-source-mappings/not-a-uuid',
  '/2018-10-31/layers',
  '/2018-10-31/layers/fuzz-layer/versions',
  '/2021-10-31/functions/fuzz-fn/url',
  '/2019-09-25/functions/fuzz-fn/event-invoke-config',
  '/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:fuzz-fn',
  '/2015-03-31/functions/%ZZ',
  `/2015-03-31/functions/${'x'.repeat(300)}`,
];
const SQS_ACTIONS = [
  'CreateQueue',
  'DeleteQueue',
  'GetQueueUrl',
  'ListQueues',
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'GetQueueAttributes',
  'SetQueueAttributes',
  'PurgeQueue',
  'TagQueue',
  'UntagQueue',
  'ListQueueTags',
  'AddPermission',
  'RemovePermission',
  'ListDeadLetterSourceQueues',
  'StartMessageMoveTask',
  'ListMessageMoveTasks',
  'CancelMessageMoveTask',
  'NoSuchAction',
];
const S3_SUBRESOURCES = [
  '',
  '?cors',
  '?tagging',
  '?uploads',
  '?versioning',
  '?notification',
  '?acl',
  '?location',
  '?delete',
  '?restore',
  '?versions',
  '?list-type=2&max-keys=-1',
  '?uploadId=nope&partNumber=0',
  '?partNumber=99999&uploadId=x',
  '?attributes',
  '?policy',
  '?lifecycle',
  '?x-id=GetObject',
];
const S3_HEADERS: Record<string, readonly string[]> = {
  'content-md5': ['bm9wZQ==', '!!!', '1B2M2Y8AsgTpgAmY7PhCfg=='],
  'x-amz-checksum-crc32': ['AAAAAA==', 'zz'],
  'x-amz-sdk-checksum-algorithm': ['CRC32', 'MD5', 'BOGUS'],
  range: ['bytes=0-0', 'bytes=5-1', 'bytes=-0', 'items=1-2', 'bytes=99999999999999999999-'],
  'x-amz-copy-source': ['/fuzz-bucket/k', 'nope', '/fuzz-bucket/%ZZ', '/missing/x?versionId=1'],
  'x-amz-acl': ['private', 'public-read', 'bogus'],
  'x-amz-storage-class': ['GLACIER', 'BOGUS'],
  'if-match': ['"x"', '*'],
  'if-modified-since': ['yesterday', 'Wed, 21 Oct 2015 07:28:00 GMT'],
  'x-amz-decoded-content-length': ['5', '-1', 'abc'],
  'content-encoding': ['aws-chunked', 'gzip'],
  'x-amz-content-sha256': ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'UNSIGNED-PAYLOAD'],
  'x-amz-trailer': ['x-amz-checksum-crc32', 'x-amz-checksum-bogus'],
};

function lambdaRequest(g: Gen): FuzzRequest {
  return {
    method: g.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
    path: g.pick(LAMBDA_PATHS) + (g.chance(0.3) ? `?Qualifier=${encodeURIComponent(g.text(6))}&MaxItems=${g.pick(['-1', '0', 'x', '10000'])}` : ''),
    headers: {
      'content-type': g.pick(['application/json', 'text/plain', 'application/x-amz-json-1.1']),
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x',
      ...(g.chance(0.2) ? { 'x-amz-invocation-type': g.pick(['Event', 'DryRun', 'Bogus']) } : {}),
      ...(g.chance(0.2) ? { 'x-amz-log-type': g.pick(['Tail', 'None', 'Bogus']) } : {}),
      ...(g.chance(0.1) ? { 'x-amz-client-context': g.pick(['e30=', '!!!', 'bm90IGpzb24=']) } : {}),
    },
    body: g.jsonBody(),
  };
}

function sqsJsonRequest(g: Gen): FuzzRequest {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${g.pick(SQS_ACTIONS)}` },
    body: g.chance(0.5)
      ? JSON.stringify({ QueueUrl: g.pick(['http://localhost/123456789012/fuzz-queue', g.text(10)]), ...(g.value() as object) })
      : g.jsonBody(),
  };
}

function sqsQueryRequest(g: Gen): FuzzRequest {
  const form = new URLSearchParams({ Action: g.pick(SQS_ACTIONS) });
  if (g.chance(0.7)) form.set('QueueUrl', g.pick(['http://localhost/123456789012/fuzz-queue', g.text(10)]));
  const params = [
    'QueueName',
    'MessageBody',
    'Attribute.1.Name',
    'Attribute.1.Value',
    'Attribute.2.Name',
    'AttributeName.1',
    'MessageAttribute.1.Name',
    'MessageAttribute.1.Value.DataType',
    'MessageAttribute.1.Value.StringValue',
    'MessageAttribute.1.Value.BinaryValue',
    'Tag.1.Key',
    'Tag.1.Value',
    'MaxNumberOfMessages',
    'WaitTimeSeconds',
    'VisibilityTimeout',
    'ReceiptHandle',
    'DelaySeconds',
    'SendMessageBatchRequestEntry.1.Id',
    'SendMessageBatchRequestEntry.1.MessageBody',
    'SendMessageBatchRequestEntry.0.Id',
    'DeleteMessageBatchRequestEntry.1.Id',
    'Label',
    'AWSAccountId.1',
    'ActionName.1',
    'SourceArn',
  ];
  for (let i = g.int(6); i > 0; i--) form.set(g.pick(params), String(g.value()));
  if (g.chance(0.05)) for (let i = 1; i <= 500; i++) form.set(`SendMessageBatchRequestEntry.${i}.Id`, `e${i}`);
  const query = g.chance(0.3);
  return {
    method: query ? 'GET' : 'POST',
    path: query ? `/?${form}` : g.pick(['/', '/123456789012/fuzz-queue']),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: query ? undefined : form.toString(),
  };
}

function s3Request(g: Gen): FuzzRequest {
  const method = g.pick(['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS']);
  const target = g.pick([
    '/fuzz-bucket',
    '/fuzz-bucket/k',
    `/fuzz-bucket/${encodeURIComponent(g.text(12))}`,
    '/missing-bucket/k',
    '/',
    '/Bad_Bucket!',
    '/fuzz-bucket/a/../b',
  ]);
  const headers: Record<string, string> = {};
  for (let i = g.int(4); i > 0; i--) {
    const name = g.pick(Object.keys(S3_HEADERS));
    headers[name] = g.pick(S3_HEADERS[name]!);
  }
  if (method === 'OPTIONS' && g.chance(0.7))
    Object.assign(headers, { origin: 'http://localhost:3000', 'access-control-request-method': g.pick(['GET', 'PUT', 'EXPLODE']) });
  const body =
    method === 'PUT' || method === 'POST'
      ? g.chance(0.6)
        ? g.xmlBody()
        : headers['content-encoding'] === 'aws-chunked'
          ? g.pick(['zz\r\nhello\r\n', '5\r\nhello\r\n0\r\n\r\n', '5;chunk-signature=x\r\nhel'])
          : g.text(30)
      : undefined;
  return { method, path: target + g.pick(S3_SUBRESOURCES), headers, body };
}

function formUploadRequest(g: Gen): FuzzRequest {
  const b = 'fuzzboundary';
  const fields = [
    'key',
    'policy',
    'x-amz-credential',
    'x-amz-algorithm',
    'acl',
    'success_action_status',
    'success_action_redirect',
    'Content-Type',
    'x-amz-meta-a',
  ];
  let body = '';
  // S3's form-upload key placeholder, sent literally.
  const placeholder = ['$', '{filename}'].join('');
  for (let i = g.int(4); i > 0; i--)
    body += `--${b}\r\nContent-Disposition: form-data; name="${g.pick(fields)}"\r\n\r\n${g.pick(['k', placeholder, 'eyJ9', 'not base64', '201', 'http://x', g.text(8)])}\r\n`;
  if (g.chance(0.8)) body += `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${g.text(6)}"\r\n\r\n${g.text(20)}`;
  if (g.chance(0.6)) body += `\r\n--${b}--\r\n`;
  return {
    method: 'POST',
    path: '/fuzz-bucket',
    headers: { 'content-type': g.pick([`multipart/form-data; boundary=${b}`, 'multipart/form-data', 'text/plain']) },
    body,
  };
}

function functionUrlRequest(g: Gen): FuzzRequest {
  const id = g.chance(0.5) ? 'a'.repeat(32) : g.text(8).replace(/[^a-z0-9]/g, 'q');
  return {
    method: g.pick(['GET', 'POST', 'OPTIONS']),
    path: g.pick(['/', '/x?y=1&y=2', '//', '/%ZZ']),
    headers: { host: `${id}.lambda-url.us-east-1.localhost`, 'content-type': g.pick(['application/json', 'application/octet-stream']) },
    body: g.chance(0.5) ? g.jsonBody() : undefined,
  };
}

function raw(g: Gen): string {
  return g.pick([
    'GET / HTTP/1.1\r\nHost: \r\n\r\n',
    'GET //// HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    'POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
    'BREW /pot HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    'PUT /fuzz-bucket/raw HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort',
    '\u0000\u0001\u0002garbage\r\n\r\n',
  ]);
}

describe('fuzzing every protocol', () => {
  const t = tributaryPerSuite({ config: { headersTimeoutMs: 2_000, bodyIdleMs: 2_000 } });
  const s3 = clientPerSuite(t, (url) => new S3Client(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));

  test(`${REQUESTS} seeded requests (seed ${SEED}): no crash, no 500, every answer in time, healthy afterwards`, { timeout: 240_000 }, async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: 'k', Body: 'hello' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'fuzz-queue' }));
    await createFunction(lambda, 'fuzz-fn');

    const g = new Gen(mulberry32(SEED));
    const makers = [lambdaRequest, sqsJsonRequest, sqsQueryRequest, s3Request, s3Request, formUploadRequest, functionUrlRequest];
    for (let i = 0; i < REQUESTS; i++) {
      if (g.chance(0.04)) {
        const bytes = raw(g);
        const reply = await rawExchange(t.url, bytes, RESPONSE_BOUND_MS);
        assert.doesNotMatch(reply, /^HTTP\/1\.1 500/, `seed ${SEED} #${i}: raw ${JSON.stringify(bytes.slice(0, 80))} -> ${reply.slice(0, 300)}`);
        continue;
      }
      const request = g.pick(makers)(g);
      let reply: RawReply;
      try {
        reply = await rawRequest(t.url, { ...request, timeoutMs: RESPONSE_BOUND_MS });
      } catch (err) {
        assert.fail(`seed ${SEED} #${i}: ${request.method} ${request.path} got no answer: ${err instanceof Error ? err.message : err}`);
      }
      const described = `seed ${SEED} #${i}: ${request.method} ${request.path} ${JSON.stringify(request.headers)} ${JSON.stringify((request.body ?? '').slice(0, 200))}`;
      assert.ok(reply.status < 500 || AWS_OWN_5XX.has(reply.status), `${described} -> ${reply.status} ${reply.body.slice(0, 300)}`);
    }

    assert.equal((await rawRequest(t.url, { path: '/_tributary/health' })).status, 200);
    await s3.send(new CreateBucketCommand({ Bucket: 'after-fuzz' }));
    await s3.send(new PutObjectCommand({ Bucket: 'after-fuzz', Key: 'after', Body: 'still here' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'after-fuzz', Key: 'after' }));
    assert.equal(await got.Body!.transformToString(), 'still here');
    // The fuzzer may have deleted its queue and bucket objects: check with fresh ones.
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'after-fuzz' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'after' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    assert.ok((received.Messages ?? []).length >= 1);
  });
});
