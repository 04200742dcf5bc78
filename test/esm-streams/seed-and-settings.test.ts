import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { observed } from '../support/observed.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { tempDir } from '../support/functions.js';
import { createStreamFunction, createStreamMapping, enableStream, insert, invocations, modify, remove, streamsPort } from './helpers.js';

describe('DynamoDB stream mappings: the seed example and the settings', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  const dir = tempDir('esm-streams-seed-');

  before(async () => {
    t = await startTributary();
    lambda = new LambdaClient(clientConfig(t.url));
  });
  after(async () => {
    lambda.destroy();
    await t.stop();
  });

  test("the seed: INSERT, MODIFY (status pending → confirmed) and REMOVE of user-123 reach the function in order, in the seed's shapes", async () => {
    const { streamArn } = enableStream(t, 'Users');
    const fn = await createStreamFunction(lambda, 'seed-handler', dir);
    const created = await createStreamMapping(lambda, { FunctionName: 'seed-handler', EventSourceArn: streamArn, StartingPosition: 'LATEST' });
    assert.equal(created.StartingPosition, 'LATEST');
    const port = streamsPort(t);
    const done = observed(t, 'batch.finished', (o) => o.ids.mappingUuid === created.UUID && (o.ids.messageIds?.length ?? 0) > 0);
    port.append(streamArn, [insert('user-123', { status: { S: 'pending' } })]);
    await done;
    port.append(streamArn, [modify('user-123', { status: { S: 'pending' } }, { status: { S: 'confirmed' } })]);
    port.append(streamArn, [remove('user-123', { status: { S: 'confirmed' } })]);
    const records = await eventually(() => {
      const all = invocations(fn.file).flatMap((i) => i.event.Records);
      return all.length >= 3 ? all : undefined;
    });
    assert.deepEqual(
      records.map((r) => r.eventName),
      ['INSERT', 'MODIFY', 'REMOVE'],
    );
    const m = records[1];
    assert.deepEqual(m.dynamodb.Keys, { userId: { S: 'user-123' } });
    assert.deepEqual(m.dynamodb.OldImage.status, { S: 'pending' });
    assert.deepEqual(m.dynamodb.NewImage.status, { S: 'confirmed' });
    assert.equal(m.eventSource, 'aws:dynamodb');
    assert.equal(m.eventVersion, '1.1');
    assert.equal(m.eventSourceARN, streamArn);
    assert.equal(typeof m.dynamodb.ApproximateCreationDateTime, 'number');
    assert.equal(records[0].dynamodb.OldImage, undefined);
    assert.equal(records[2].dynamodb.NewImage, undefined);
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(got.LastProcessingResult, 'OK');
    assert.equal(got.StateTransitionReason, 'User action');
  });

  test('a new mapping echoes every stream setting as AWS does', async () => {
    const { streamArn } = enableStream(t, 'Echo');
    await createStreamFunction(lambda, 'echo-handler', dir);
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'echo-handler', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON' }),
    );
    assert.equal(created.State, 'Creating');
    assert.equal(created.BatchSize, 100);
    assert.equal(created.MaximumBatchingWindowInSeconds, 0);
    assert.equal(created.ParallelizationFactor, 1);
    assert.equal(created.BisectBatchOnFunctionError, false);
    assert.equal(created.MaximumRetryAttempts, -1);
    assert.equal(created.MaximumRecordAgeInSeconds, -1);
    assert.equal(created.TumblingWindowInSeconds, 0);
    assert.deepEqual(created.FunctionResponseTypes, []);
    assert.equal(created.StartingPosition, 'TRIM_HORIZON');
    assert.equal(created.StartingPositionTimestamp, undefined);
    assert.equal(created.LastProcessingResult, 'No records processed');
    assert.equal(created.StateTransitionReason, 'User action');
    assert.deepEqual(created.DestinationConfig, { OnFailure: {} });
    const updated = await lambda.send(
      new UpdateEventSourceMappingCommand({
        UUID: created.UUID,
        BatchSize: 500,
        ParallelizationFactor: 4,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 600,
        TumblingWindowInSeconds: 60,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:failures' } },
      }),
    );
    assert.equal(updated.BatchSize, 500);
    assert.equal(updated.ParallelizationFactor, 4);
    assert.equal(updated.BisectBatchOnFunctionError, true);
    assert.equal(updated.MaximumRetryAttempts, 3);
    assert.equal(updated.MaximumRecordAgeInSeconds, 600);
    assert.equal(updated.TumblingWindowInSeconds, 60);
    assert.deepEqual(updated.FunctionResponseTypes, ['ReportBatchItemFailures']);
    assert.equal(updated.DestinationConfig?.OnFailure?.Destination, 'arn:aws:sqs:us-east-1:123456789012:failures');
  });

  test("AWS's answers to stream settings it refuses", async () => {
    const { streamArn } = enableStream(t, 'Refusals');
    await createStreamFunction(lambda, 'refusal-handler', dir);
    const attempt = (extra: Record<string, unknown>) =>
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'refusal-handler', EventSourceArn: streamArn, ...extra } as never));
    const refused = async (extra: Record<string, unknown>, name: string, message: string | RegExp) => {
      await assert.rejects(attempt(extra), (err: Error) => {
        assert.equal(err.name, name);
        if (typeof message === 'string') assert.equal(err.message, message);
        else assert.match(err.message, message);
        return true;
      });
    };
    await refused(
      {},
      'InvalidParameterValueException',
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    );
    await refused(
      { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date() },
      'InvalidParameterValueException',
      `Unsupported starting position for arn type: ${streamArn}`,
    );
    await refused({ StartingPosition: 'EARLIEST' }, 'ValidationException', /Member must satisfy enum value set: \[LATEST, AT_TIMESTAMP, TRIM_HORIZON\]/);
    await refused(
      { StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 30 },
      'InvalidParameterValueException',
      'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)',
    );
    await refused({ StartingPosition: 'LATEST', BatchSize: 10001 }, 'ValidationException', /Member must have value less than or equal to 10000/);
    await refused({ StartingPosition: 'LATEST', ParallelizationFactor: 11 }, 'ValidationException', /Member must have value less than or equal to 10/);
    await refused({ StartingPosition: 'LATEST', TumblingWindowInSeconds: 901 }, 'ValidationException', /Member must have value less than or equal to 900/);
    await refused({ StartingPosition: 'LATEST', MaximumRetryAttempts: 10001 }, 'ValidationException', /Member must have value less than or equal to 10000/);
    await refused(
      { StartingPosition: 'LATEST', DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:123456789012:q' } } },
      'InvalidParameterValueException',
      'Unsupported DestinationConfig parameter for given event source mapping type.',
    );
    await refused(
      { StartingPosition: 'LATEST', ScalingConfig: { MaximumConcurrency: 5 } },
      'InvalidParameterValueException',
      'Unsupported ScalingConfig parameter for given event source mapping type.',
    );
    const missing = `${streamArn.slice(0, -3)}999`;
    await refused({ StartingPosition: 'LATEST', EventSourceArn: missing }, 'InvalidParameterValueException', `Stream not found: ${missing}`);
  });
});
