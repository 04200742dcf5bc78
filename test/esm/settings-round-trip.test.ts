import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SETTINGS } from '../../src/event-sources/settings/table.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { clientConfig } from '../support/tributary.js';
import { createFunction, createQueue, waitForState } from './helpers.js';

/** Per setting member: a value to create with, one to update to (as sent and as read back), on an SQS queue. */
const SQS_SAMPLES: Record<string, { create: unknown; update: unknown }> = {
  BatchSize: { create: 50, update: 200 },
  MaximumBatchingWindowInSeconds: { create: 5, update: 20 },
  FilterCriteria: {
    create: { Filters: [{ Pattern: '{"body":{"a":[1]}}' }] },
    update: { Filters: [{ Pattern: '{"body":{"b":[2]}}' }, { Pattern: '{"body":{"c":[3]}}' }] },
  },
  FunctionResponseTypes: { create: ['ReportBatchItemFailures'], update: [] },
  ScalingConfig: { create: { MaximumConcurrency: 5 }, update: { MaximumConcurrency: 7 } },
  ProvisionedPollerConfig: { create: { MinimumPollers: 2, MaximumPollers: 4 }, update: { MinimumPollers: 3, MaximumPollers: 9 } },
  MetricsConfig: { create: { Metrics: ['EventCount'] }, update: { Metrics: ['EventCount', 'ErrorCount'] } },
};

/** Per stream-only member: a valid value, and AWS's answer when an SQS mapping is given it. */
const STREAM_ONLY: Record<string, { value: unknown; message: string }> = {
  StartingPosition: { value: 'LATEST', message: 'StartingPosition is not valid for SQS event sources.' },
  StartingPositionTimestamp: {
    value: new Date(1_700_000_000_000),
    message: 'Unsupported StartingPositionTimestamp parameter for given event source mapping type.',
  },
  ParallelizationFactor: { value: 2, message: 'Unsupported ParallelizationFactor parameter for given event source mapping type.' },
  BisectBatchOnFunctionError: { value: true, message: 'Unsupported BisectBatchOnFunctionError parameter for given event source mapping type.' },
  MaximumRetryAttempts: { value: 3, message: 'Unsupported MaximumRetryAttempts parameter for given event source mapping type.' },
  MaximumRecordAgeInSeconds: { value: 3600, message: 'Unsupported MaximumRecordAgeInSeconds parameter for given event source mapping type.' },
  DestinationConfig: {
    value: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:settings-dlq' } },
    message: 'Unsupported DestinationConfig parameter for given event source mapping type.',
  },
  TumblingWindowInSeconds: { value: 60, message: 'Unsupported TumblingWindowInSeconds parameter for given event source mapping type.' },
};

describe('mapping settings as data', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('every table line has a sample here', () => {
    const sampled = new Set([...Object.keys(SQS_SAMPLES), ...Object.keys(STREAM_ONLY)]);
    assert.deepEqual(
      SETTINGS.map((s) => s.member).filter((m) => !sampled.has(m)),
      [],
    );
    for (const s of SETTINGS) assert.equal(s.kinds.includes('sqs'), s.member in SQS_SAMPLES, `${s.member}: sampled as the kinds it accepts say`);
  });

  test('every SQS setting round trips through create, get and update', async () => {
    await createFunction(lambda, 'settings-fn', { 'index.js': 'exports.handler = async () => {};' });
    const q = await createQueue(sqs, 'settings-queue');
    const create = Object.fromEntries(Object.entries(SQS_SAMPLES).map(([member, s]) => [member, s.create]));
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'settings-fn', EventSourceArn: q.arn, ...create }));
    for (const [member, s] of Object.entries(SQS_SAMPLES)) assert.deepEqual((created as any)[member], s.create, `${member} as created`);
    await waitForState(lambda, created.UUID!, 'Enabled');
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    for (const [member, s] of Object.entries(SQS_SAMPLES)) assert.deepEqual((got as any)[member], s.create, `${member} as read`);

    const update = Object.fromEntries(Object.entries(SQS_SAMPLES).map(([member, s]) => [member, s.update]));
    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, ...update }));
    for (const [member, s] of Object.entries(SQS_SAMPLES)) assert.deepEqual((updated as any)[member], s.update, `${member} as updated`);
    await waitForState(lambda, created.UUID!, 'Enabled');
    const after = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    for (const [member, s] of Object.entries(SQS_SAMPLES)) assert.deepEqual((after as any)[member], s.update, `${member} as read after the update`);
    for (const member of Object.keys(STREAM_ONLY)) assert.equal((after as any)[member], undefined, `an SQS mapping reports no ${member}`);
  });

  test('an update that leaves a setting out keeps it; clearing ScalingConfig and FilterCriteria removes them', async () => {
    const q = await createQueue(sqs, 'settings-keep');
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'settings-fn',
        EventSourceArn: q.arn,
        ...Object.fromEntries(Object.entries(SQS_SAMPLES).map(([m, s]) => [m, s.create])),
      }),
    );
    await waitForState(lambda, UUID!, 'Enabled');
    const kept = await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    for (const [member, s] of Object.entries(SQS_SAMPLES)) assert.deepEqual((kept as any)[member], s.create, `${member} kept`);
    const cleared = await lambda.send(new UpdateEventSourceMappingCommand({ UUID, ScalingConfig: {}, FilterCriteria: {} }));
    assert.equal(cleared.ScalingConfig, undefined);
    assert.equal(cleared.FilterCriteria, undefined);
  });

  for (const [member, { value, message }] of Object.entries(STREAM_ONLY)) {
    test(`an SQS mapping refuses ${member}`, async () => {
      const q = await createQueue(sqs, `settings-refuse-${member.toLowerCase()}`);
      await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'settings-fn', EventSourceArn: q.arn, [member]: value } as any)), {
        name: 'InvalidParameterValueException',
        message,
      });
      // UpdateEventSourceMapping's model has no StartingPosition members.
      if (member.startsWith('StartingPosition')) return;
      const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'settings-fn', EventSourceArn: q.arn }));
      await assert.rejects(lambda.send(new UpdateEventSourceMappingCommand({ UUID, [member]: value } as any)), {
        name: 'InvalidParameterValueException',
        message,
      });
    });
  }

  test('stream settings out of the model range are ValidationExceptions before any source rule', async () => {
    const q = await createQueue(sqs, 'settings-ranges');
    for (const [member, value, constraint] of [
      ['ParallelizationFactor', 11, 'Member must have value less than or equal to 10'],
      ['MaximumRetryAttempts', -2, 'Member must have value greater than or equal to -1'],
      ['MaximumRecordAgeInSeconds', 604801, 'Member must have value less than or equal to 604800'],
      ['TumblingWindowInSeconds', 901, 'Member must have value less than or equal to 900'],
    ] as const) {
      const at = member.charAt(0).toLowerCase() + member.slice(1);
      await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'settings-fn', EventSourceArn: q.arn, [member]: value } as any)), {
        name: 'ValidationException',
        message: `1 validation error detected: Value '${value}' at '${at}' failed to satisfy constraint: ${constraint}`,
      });
    }
  });

  test('a mapping body that is not JSON is an InvalidRequestContentException, never an empty request', async () => {
    for (const [method, path] of [
      ['POST', '/2015-03-31/event-source-mappings'],
      ['PUT', '/2015-03-31/event-source-mappings/00000000-0000-0000-0000-000000000000'],
    ]) {
      const response = await fetch(`${t.url}${path}`, { method, body: 'not json' });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
      const body = (await response.json()) as { message: string };
      assert.match(body.message, /^Could not parse request body into json: Unrecognized token 'not'/);
    }
  });
});
