import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Observation, ObservationType } from '../../src/observations/types.js';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { collect, type Collector } from '../support/observed.js';
import { createFunction } from '../async/helpers.js';

const ACCOUNT = '123456789012';
const ALWAYS_FAILS = `exports.handler = async () => { throw new Error('no thumbnail today'); };\n`;
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: event.rawPath });\n`;

function ofType<T extends ObservationType>(seen: Collector, type: T, where: (o: Observation<T>) => boolean): Observation<T>[] {
  return seen.of(type).filter(where);
}

function get(functionUrl: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const url = new URL(functionUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, path, headers: { host: url.host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('observations follow one event through its chain', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const s3 = clientPerSuite(t, (url) => new S3Client(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('S3 PutObject → async event → three failed attempts → DLQ, all tied to the S3 request id and one invocation id', async () => {
    const dlqArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:chain-dlq`;
    const bucketArn = 'arn:aws:s3:::chain-photos';
    await sqs.send(new CreateQueueCommand({ QueueName: 'chain-dlq' }));
    const fnArn = await createFunction(lambda, 'chain-thumbnail', ALWAYS_FAILS, { deadLetterArn: dlqArn });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'chain-thumbnail',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: bucketArn,
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'chain-photos' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'chain-photos',
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fnArn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );

    const seen = collect(t);
    try {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'chain-photos', Key: 'images/a.jpg', Body: 'jpeg' }));
      const requestId = put.$metadata.requestId!;
      const moved = await seen.until((o) => o.type === 'dlq.moved' && o.ids.requestId === requestId, { timeoutMs: 30_000, what: 'the move to the DLQ' });

      const [call] = ofType(seen, 'api.call', (o) => o.ids.requestId === requestId);
      assert.equal(call?.operation, 'PutObject');
      const [objectEvent] = ofType(seen, 'object.event', (o) => o.ids.requestId === requestId);
      assert.deepEqual(
        objectEvent && {
          ids: objectEvent.ids,
          bucket: objectEvent.bucket,
          key: objectEvent.key,
          eventName: objectEvent.eventName,
          destinations: objectEvent.destinations,
        },
        { ids: { requestId, sourceArn: bucketArn }, bucket: 'chain-photos', key: 'images/a.jpg', eventName: 'ObjectCreated:Put', destinations: 1 },
      );

      const accepted = ofType(seen, 'event.accepted', (o) => o.ids.requestId === requestId);
      assert.equal(accepted.length, 1);
      const invocationId = accepted[0]!.ids.invocationId!;
      assert.match(invocationId, /^[0-9a-f-]{36}$/);
      assert.deepEqual(accepted[0]!.ids, { requestId, sourceArn: bucketArn, invocationId, functionArn: fnArn });
      assert.equal(accepted[0]!.source, 'aws:s3');

      const started = ofType(seen, 'invocation.started', (o) => o.ids.requestId === requestId);
      const finished = ofType(seen, 'invocation.finished', (o) => o.ids.requestId === requestId);
      for (const list of [started, finished]) {
        assert.deepEqual(
          list.map((o) => o.ids),
          [1, 2, 3].map((attempt) => ({ requestId, sourceArn: bucketArn, attempt, invocationId, functionArn: fnArn })),
        );
      }
      assert.deepEqual(
        finished.map((o) => [o.source, o.outcome]),
        Array(3).fill(['aws:s3', 'function-error']),
      );

      const retries = ofType(seen, 'retry.scheduled', (o) => o.ids.requestId === requestId);
      assert.deepEqual(
        retries.map((o) => [o.ids.invocationId, o.ids.attempt, o.usesAttempt]),
        [
          [invocationId, 1, true],
          [invocationId, 2, true],
        ],
      );

      assert.ok(moved.type === 'dlq.moved');
      assert.deepEqual(moved.ids, { requestId, sourceArn: bucketArn, invocationId, functionArn: fnArn, attempt: 3 });
      assert.equal(moved.targetArn, dlqArn);
      assert.equal(moved.delivered, true);

      const [letter] = ofType(seen, 'message.sent', (o) => o.queueArn === dlqArn);
      assert.equal(letter?.ids.invocationId, invocationId);
      assert.equal(letter?.ids.requestId, requestId);
      assert.equal(letter?.by, 'lambda:dead-letter');

      const order = seen.observations.filter((o) => o.ids.requestId === requestId).map((o) => o.type);
      assert.equal(order[0], 'object.event', 'the S3 event comes first');
      assert.ok(order.indexOf('event.accepted') < order.indexOf('invocation.started'));
      assert.equal(order.lastIndexOf('invocation.finished') < order.indexOf('dlq.moved'), true);
    } finally {
      seen.stop();
    }
  });

  test('a function URL call: api.call and invocation.* carry the URL request id, the invocation its own id', async () => {
    await createFunction(lambda, 'chain-web', ECHO);
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'chain-web', AuthType: 'NONE' }));
    const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:chain-web`;
    const seen = collect(t);
    try {
      const reply = await get(FunctionUrl!, '/hello');
      assert.equal(reply.status, 200);
      const requestId = String(reply.headers['x-amzn-requestid']);
      const call = await seen.until((o) => o.type === 'api.call' && o.ids.requestId === requestId, { what: 'the api.call of the URL request' });
      assert.ok(call.type === 'api.call');
      assert.deepEqual([call.service, call.operation, call.status], ['lambda', 'InvokeFunctionUrl', 200]);

      const started = ofType(seen, 'invocation.started', (o) => o.ids.requestId === requestId);
      const finished = ofType(seen, 'invocation.finished', (o) => o.ids.requestId === requestId);
      assert.equal(started.length, 1);
      assert.equal(finished.length, 1);
      const invocationId = started[0]!.ids.invocationId!;
      assert.match(invocationId, /^[0-9a-f-]{36}$/);
      assert.notEqual(invocationId, requestId);
      assert.deepEqual(started[0]!.ids, { requestId, invocationId, functionArn: fnArn });
      assert.deepEqual(finished[0]!.ids, started[0]!.ids);
      assert.deepEqual([finished[0]!.source, finished[0]!.outcome, finished[0]!.qualifiedArn], ['lambda:url', 'success', `${fnArn}:$LATEST`]);
    } finally {
      seen.stop();
    }
  });
});
