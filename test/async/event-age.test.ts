// MaximumEventAgeInSeconds is at least 60 s, so this test moves a ManualClock instead of waiting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../src/clock.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { asyncQueueHealth, createRecordingFunction, tempDir } from './helpers.js';

describe('event age', () => {
  const clock = new ManualClock(Date.now());
  const t = tributaryPerSuite({ clock, config: { asyncRetryDelayScale: 1 } });
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  let dir: string;

  before(async () => {
    dir = tempDir('tributary-event-age-');
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an event still failing when it reaches MaximumEventAgeInSeconds goes to the failure destination as EventAgeExceeded', async () => {
    // Long timeouts: moving the clock must not time the functions out.
    const aging = await createRecordingFunction(lambda, dir, 'aging', { timeout: 900 });
    const sink = await createRecordingFunction(lambda, dir, 'aging-failures', { timeout: 900 });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'aging',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: sink.arn } },
      }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: 'aging', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"tag":"old"}') }));
    await eventually(() => (aging.record.lines().length === 1 ? true : undefined), 20_000, 'the first attempt');
    await eventually(async () => ((await asyncQueueHealth(t.url)).inFlight === 0 ? true : undefined), 20_000, 'the first failure to be handled');

    // The second attempt is due a minute after the first failure; by then the event is too old.
    clock.advance(61_000);
    await eventually(() => sink.record.lines()[0], 20_000, 'the EventAgeExceeded record');
    const record = sink.record.lines()[0]!.event;
    assert.equal(record.requestContext.condition, 'EventAgeExceeded');
    assert.equal(record.requestContext.approximateInvokeCount, 1);
    assert.deepEqual(record.requestPayload, { fail: true, tag: 'old' });
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(record.responsePayload.errorMessage, 'boom old');
    assert.equal(aging.record.lines().length, 1);
  });
});
