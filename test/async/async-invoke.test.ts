import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { asyncQueueHealth as health, createRecordingFunction, tempDirPerSuite } from './helpers.js';

describe('asynchronous invocation', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-async-e2e-');

  const invokeEvent = (name: string, payload: unknown) =>
    lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));

  test('an Event invoke answers 202 at once and the function then runs with the event', async () => {
    const { record } = await createRecordingFunction(lambda, dir, 'runs');
    const response = await invokeEvent('runs', { hello: 'world' });
    assert.equal(response.StatusCode, 202);
    assert.equal(response.ExecutedVersion, undefined);
    const [line] = await eventually(() => (record.lines().length ? record.lines() : undefined), 20_000, 'the function to run');
    assert.deepEqual(line?.event, { hello: 'world' });
    assert.match(line?.trace ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=[0-9a-f]{8}:1$/);
  });

  test('a failing function is retried twice by default, with one request id for every attempt', async () => {
    const { record } = await createRecordingFunction(lambda, dir, 'flaky');
    await invokeEvent('flaky', { fail: true });
    const lines = await eventually(() => (record.lines().length >= 3 ? record.lines() : undefined), 20_000, 'three attempts');
    assert.equal(new Set(lines.map((l) => l.requestId)).size, 1);
    // The queue is empty once the third attempt has failed; no fourth attempt follows.
    await eventually(async () => ((await health(t.url)).queueDepth === 0 ? true : undefined), 10_000, 'the queue to drain');
    assert.equal(record.lines().length, 3);
  });

  test('MaximumRetryAttempts limits the attempts', async () => {
    const { record } = await createRecordingFunction(lambda, dir, 'once');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'once', MaximumRetryAttempts: 0 }));
    await invokeEvent('once', { fail: true });
    await eventually(() => (record.lines().length >= 1 ? true : undefined), 20_000, 'the first attempt');
    await eventually(async () => ((await health(t.url)).queueDepth === 0 ? true : undefined), 10_000, 'the queue to drain');
    assert.equal(record.lines().length, 1);
  });

  test('success and failure records reach Lambda destinations in AWS shape', async () => {
    const worker = await createRecordingFunction(lambda, dir, 'worker');
    const ok = await createRecordingFunction(lambda, dir, 'sink-ok');
    const failed = await createRecordingFunction(lambda, dir, 'sink-failed');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'worker',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnSuccess: { Destination: ok.arn }, OnFailure: { Destination: failed.arn } },
      }),
    );

    await invokeEvent('worker', { order: 1 });
    const [success] = await eventually(() => (ok.record.lines().length ? ok.record.lines() : undefined), 20_000, 'the success record');
    const okRecord = success!.event;
    assert.deepEqual(Object.keys(okRecord).sort(), ['requestContext', 'requestPayload', 'responseContext', 'responsePayload', 'timestamp', 'version']);
    assert.equal(okRecord.version, '1.0');
    assert.match(okRecord.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(okRecord.requestContext, {
      requestId: worker.record.lines()[0]?.requestId,
      functionArn: `${worker.arn}:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: 1,
    });
    assert.deepEqual(okRecord.requestPayload, { order: 1 });
    assert.deepEqual(okRecord.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(okRecord.responsePayload, { echoed: { order: 1 } });

    await invokeEvent('worker', { order: 2, fail: true, tag: 'x' });
    const [failure] = await eventually(() => (failed.record.lines().length ? failed.record.lines() : undefined), 20_000, 'the failure record');
    const failRecord = failure!.event;
    assert.equal(failRecord.requestContext.condition, 'RetriesExhausted');
    assert.equal(failRecord.requestContext.approximateInvokeCount, 2);
    assert.deepEqual(failRecord.requestPayload, { order: 2, fail: true, tag: 'x' });
    assert.deepEqual(failRecord.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(failRecord.responsePayload.errorType, 'Error');
    assert.equal(failRecord.responsePayload.errorMessage, 'boom x');
  });

  test('with reserved concurrency 0 the event goes straight to the failure destination without running', async () => {
    const blocked = await createRecordingFunction(lambda, dir, 'blocked');
    const sink = await createRecordingFunction(lambda, dir, 'sink-blocked');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'blocked', DestinationConfig: { OnFailure: { Destination: sink.arn } } }));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'blocked', ReservedConcurrentExecutions: 0 }));
    const response = await invokeEvent('blocked', { n: 1 });
    assert.equal(response.StatusCode, 202);
    const [line] = await eventually(() => (sink.record.lines().length ? sink.record.lines() : undefined), 20_000, 'the failure record');
    assert.equal(line!.event.requestContext.condition, 'RetriesExhausted');
    assert.deepEqual(line!.event.requestPayload, { n: 1 });
    assert.equal(blocked.record.lines().length, 0);
  });
});
