import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEventSourceMappingCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { clients, createFunction, createQueue, tempDir, waitForState } from './helpers.js';

const run = promisify(execFile);

const NOOP = { 'index.js': 'exports.handler = async () => {};' };

async function rejects(promise: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe('the event source mapping API', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let queueArn: string;
  let fifoArn: string;

  before(async () => {
    t = await startTributary();
    ({ lambda, sqs } = clients(t.url));
    await createFunction(lambda, 'api-fn', NOOP);
    await createFunction(lambda, 'api-fn-2', NOOP);
    queueArn = (await createQueue(sqs, 'api-queue')).arn;
    fifoArn = (await createQueue(sqs, 'api-queue.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' })).arn;
  });
  after(async () => t.stop());

  test('create answers 202 in Creating with the SQS response shape, then the mapping becomes Enabled', async () => {
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: queueArn }));
    assert.equal(created.$metadata.httpStatusCode, 202);
    assert.match(created.UUID!, /^[0-9a-f-]{36}$/);
    assert.equal(created.State, 'Creating');
    assert.equal(created.StateTransitionReason, 'USER_INITIATED');
    assert.equal(created.BatchSize, 10);
    assert.equal(created.MaximumBatchingWindowInSeconds, 0);
    assert.equal(created.EventSourceArn, queueArn);
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:api-fn');
    assert.deepEqual(created.FunctionResponseTypes, []);
    assert.equal(created.EventSourceMappingArn, `arn:aws:lambda:us-east-1:123456789012:event-source-mapping:${created.UUID}`);
    assert.ok(created.LastModified instanceof Date);
    assert.equal(created.StartingPosition, undefined);
    await waitForState(lambda, created.UUID!, 'Enabled');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  });

  test('get, list by function and by source, update and delete follow the lifecycle', async () => {
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'api-fn-2',
        EventSourceArn: queueArn,
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["a"]}}' }] },
        ScalingConfig: { MaximumConcurrency: 3 },
      }),
    );
    const uuid = created.UUID!;
    assert.deepEqual(created.FilterCriteria, { Filters: [{ Pattern: '{"body":{"kind":["a"]}}' }] });
    assert.deepEqual(created.ScalingConfig, { MaximumConcurrency: 3 });
    await waitForState(lambda, uuid, 'Enabled');

    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.equal(got.BatchSize, 100);
    assert.deepEqual(got.FunctionResponseTypes, ['ReportBatchItemFailures']);

    const byFunction = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'api-fn-2' }));
    assert.deepEqual(
      byFunction.EventSourceMappings?.map((m) => m.UUID),
      [uuid],
    );
    const bySource = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn }));
    assert.ok(bySource.EventSourceMappings?.some((m) => m.UUID === uuid));

    const disabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
    assert.equal(disabled.$metadata.httpStatusCode, 202);
    assert.equal(disabled.State, 'Disabling');
    await waitForState(lambda, uuid, 'Disabled');

    const enabling = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    assert.equal(enabling.State, 'Enabling');
    await waitForState(lambda, uuid, 'Enabled');

    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, BatchSize: 5, FilterCriteria: {}, ScalingConfig: {} }));
    assert.equal(updated.State, 'Updating');
    assert.equal(updated.BatchSize, 5);
    assert.equal(updated.FilterCriteria, undefined);
    assert.equal(updated.ScalingConfig, undefined);
    await waitForState(lambda, uuid, 'Enabled');

    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    assert.equal(deleted.State, 'Deleting');
    await eventually(async () => {
      try {
        await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
        return undefined;
      } catch (err: any) {
        return err.name === 'ResourceNotFoundException' ? true : undefined;
      }
    });
  });

  test('ProvisionedPollerConfig and MetricsConfig are kept and reported', async () => {
    const q = (await createQueue(sqs, 'api-pollers')).arn;
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'api-fn',
        EventSourceArn: q,
        ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 10 },
        MetricsConfig: { Metrics: ['EventCount'] },
      }),
    );
    assert.deepEqual(created.ProvisionedPollerConfig, { MinimumPollers: 2, MaximumPollers: 10 });
    assert.deepEqual(created.MetricsConfig, { Metrics: ['EventCount'] });
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.deepEqual(got.ProvisionedPollerConfig, { MinimumPollers: 2, MaximumPollers: 10 });
  });

  test('list pages with Marker and MaxItems', async () => {
    const q2 = (await createQueue(sqs, 'api-page-1')).arn;
    const q3 = (await createQueue(sqs, 'api-page-2')).arn;
    for (const arn of [q2, q3]) await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: arn }));
    const all = (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'api-fn' }))).EventSourceMappings!.map((m) => m.UUID);
    assert.ok(all.length >= 2);
    const paged: (string | undefined)[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'api-fn', MaxItems: 1, Marker: marker }));
      assert.equal(page.EventSourceMappings?.length, 1);
      paged.push(page.EventSourceMappings![0]!.UUID);
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(paged, all);
  });

  test('list checks its filters against the model: a source that is not an ARN is a ValidationException', async () => {
    await rejects(
      lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: 'api-queue' })),
      'ValidationException',
      /^1 validation error detected: Value 'api-queue' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/,
    );
    const none = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:no-such-queue' }));
    assert.deepEqual(none.EventSourceMappings, []);
  });

  test('an unknown UUID is ResourceNotFoundException for get, update and delete', async () => {
    const uuid = '00000000-0000-0000-0000-000000000000';
    const message = 'The resource you requested does not exist.';
    await rejects(lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })), 'ResourceNotFoundException', message, 404);
    await rejects(lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, BatchSize: 1 })), 'ResourceNotFoundException', message, 404);
    await rejects(lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid })), 'ResourceNotFoundException', message, 404);
  });

  test('a deleted mapping reads back as Deleting long enough for a CLI call, then is not found', async () => {
    const q = (await createQueue(sqs, 'api-deleting')).arn;
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q }));
    await waitForState(lambda, UUID!, 'Enabled');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, 'Deleting');
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: q }));
    assert.deepEqual(
      listed.EventSourceMappings?.map((m) => m.State),
      ['Deleting'],
    );
    const again = await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    assert.equal(again.State, 'Deleting');
    const recreated = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q }));
    const gone = await eventually(async () => {
      try {
        await lambda.send(new GetEventSourceMappingCommand({ UUID }));
        return undefined;
      } catch (err: any) {
        return err;
      }
    });
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, 'The resource you requested does not exist.');
    assert.equal(gone.$metadata?.httpStatusCode, 404);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: recreated.UUID }));
  });

  test('a duplicate mapping is a ResourceConflictException naming the existing UUID', async () => {
    const q = (await createQueue(sqs, 'api-dup')).arn;
    const first = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q }));
    await rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q })),
      'ResourceConflictException',
      `An event source mapping with SQS arn (" ${q} ") and function (" api-fn ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
      409,
    );
  });

  const invalid: [string, Record<string, unknown>, string, string | RegExp][] = [
    ['a missing function', { FunctionName: 'nope' }, 'InvalidParameterValueException', 'Function does not exist'],
    [
      'a missing queue',
      { EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:nope' },
      'InvalidParameterValueException',
      'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
    ],
    ['an unrecognised source', { EventSourceArn: 'arn:aws:foo:us-east-1:123456789012:bar' }, 'InvalidParameterValueException', 'Unrecognized event source.'],
    [
      'a source that is not an ARN',
      { EventSourceArn: 'order-queue' },
      'ValidationException',
      "1 validation error detected: Value 'order-queue' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)",
    ],
    [
      'a malformed function name',
      { FunctionName: 'not a name!' },
      'ValidationException',
      /^1 validation error detected: Value 'not a name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \(arn:/,
    ],
    [
      'a batch over 10 without a window',
      { BatchSize: 11 },
      'InvalidParameterValueException',
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    ],
    [
      'a batch over 10,000',
      { BatchSize: 10001, MaximumBatchingWindowInSeconds: 1 },
      'ValidationException',
      /Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000/,
    ],
    [
      'a batch of 0',
      { BatchSize: 0 },
      'ValidationException',
      /Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1/,
    ],
    [
      'a window over 300',
      { MaximumBatchingWindowInSeconds: 301 },
      'ValidationException',
      /at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300/,
    ],
    [
      'a concurrency of 1',
      { ScalingConfig: { MaximumConcurrency: 1 } },
      'ValidationException',
      /at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2/,
    ],
    ['a concurrency over 1000', { ScalingConfig: { MaximumConcurrency: 1001 } }, 'ValidationException', /Member must have value less than or equal to 1000/],
    ['a starting position', { StartingPosition: 'LATEST' }, 'InvalidParameterValueException', 'StartingPosition is not valid for SQS event sources.'],
    [
      'a maximum of 0 pollers',
      { ProvisionedPollerConfig: { MaximumPollers: 0 } },
      'ValidationException',
      /at 'provisionedPollerConfig.maximumPollers' failed to satisfy constraint: Member must have value greater than or equal to 1/,
    ],
    ['an unknown response type', { FunctionResponseTypes: ['Everything'] }, 'ValidationException', /functionResponseTypes/],
    [
      'an invalid filter pattern',
      { FilterCriteria: { Filters: [{ Pattern: '{"body": "x"}' }] } },
      'InvalidParameterValueException',
      'Invalid filter pattern definition.',
    ],
    [
      'a filter that is not JSON',
      { FilterCriteria: { Filters: [{ Pattern: 'nope' }] } },
      'InvalidParameterValueException',
      'Invalid filter pattern definition.',
    ],
    [
      'a filter pattern over 4096 characters',
      { FilterCriteria: { Filters: [{ Pattern: '{"body":["x"]}' }, { Pattern: `{"body":["${'x'.repeat(4090)}"]}` }] } },
      'ValidationException',
      /^1 validation error detected: Value '\{"body":\["x+"\]\}' at 'filterCriteria\.filters\.2\.member\.pattern' failed to satisfy constraint: Member must have length less than or equal to 4096$/,
    ],
    [
      'six filters',
      { FilterCriteria: { Filters: Array.from({ length: 6 }, (_, i) => ({ Pattern: `{"body":{"n":[${i}]}}` })) } },
      'InvalidParameterValueException',
      /filters/,
    ],
    [
      'a destination',
      { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:api-queue' } } },
      'InvalidParameterValueException',
      'Unsupported DestinationConfig parameter for given event source mapping type.',
    ],
  ];
  for (const [name, params, code, message] of invalid) {
    test(`create rejects ${name}`, async () => {
      const input = { FunctionName: 'api-fn', EventSourceArn: queueArn, ...params } as any;
      await rejects(lambda.send(new CreateEventSourceMappingCommand(input)), code, message);
    });
  }

  test('a FIFO queue takes batches of at most 10 and no batching window', async () => {
    await rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: fifoArn, BatchSize: 11, MaximumBatchingWindowInSeconds: 0 })),
      'InvalidParameterValueException',
      'Maximum batch size must be between 1 and 10 inclusive',
    );
    await rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: fifoArn, MaximumBatchingWindowInSeconds: 5 })),
      'InvalidParameterValueException',
      'Batching window is not supported for FIFO queues',
    );
  });

  test('update validates the merged settings', async () => {
    const q = (await createQueue(sqs, 'api-update-validate')).arn;
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q }));
    await rejects(
      lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 50 })),
      'InvalidParameterValueException',
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    );
    await rejects(
      lambda.send(new UpdateEventSourceMappingCommand({ UUID, FunctionName: 'nope' })),
      'InvalidParameterValueException',
      'Function does not exist',
    );
  });

  test('mapping an alias reports the qualified function ARN', async () => {
    const q = (await createQueue(sqs, 'api-qualified')).arn;
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn:$LATEST', EventSourceArn: q }));
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:api-fn:$LATEST');
  });

  test('tags given at creation are listed on the mapping ARN (not by get) and follow TagResource and UntagResource', async () => {
    const q = (await createQueue(sqs, 'api-tags')).arn;
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q, Tags: { team: 'core', env: 'dev' } }));
    const arn = created.EventSourceMappingArn!;
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { team: 'core', env: 'dev' });
    // The SDK drops members it does not model, so read the wire: GetEventSourceMapping carries no Tags.
    const raw = (await (await fetch(`${t.url}/2015-03-31/event-source-mappings/${created.UUID}`)).json()) as Record<string, unknown>;
    assert.equal(raw.UUID, created.UUID);
    assert.equal('Tags' in raw, false);

    const tagged = await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { env: 'prod', owner: 'me' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { team: 'core', env: 'prod', owner: 'me' });
    const untagged = await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['team', 'owner', 'absent'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { env: 'prod' });

    // Mappings and their functions are tagged separately.
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: created.FunctionArn }))).Tags, {});
    const untaggedMapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn-2', EventSourceArn: q }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: untaggedMapping.EventSourceMappingArn }))).Tags, {});

    const dir = tempDir('esm-tags-cli-');
    const { stdout } = await run('aws', ['--endpoint-url', t.url, '--output', 'json', 'lambda', 'list-tags', '--resource', arn], {
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: path.join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
      },
    });
    assert.deepEqual(JSON.parse(stdout), { Tags: { env: 'prod' } });
  });

  test('tagging a mapping that does not exist, or no longer does, is ResourceNotFoundException naming its ARN', async () => {
    const missing = 'arn:aws:lambda:us-east-1:123456789012:event-source-mapping:00000000-0000-0000-0000-000000000000';
    const message = `Event source mapping not found: ${missing}`;
    await rejects(lambda.send(new ListTagsCommand({ Resource: missing })), 'ResourceNotFoundException', message, 404);
    await rejects(lambda.send(new TagResourceCommand({ Resource: missing, Tags: { a: 'b' } })), 'ResourceNotFoundException', message, 404);
    await rejects(lambda.send(new UntagResourceCommand({ Resource: missing, TagKeys: ['a'] })), 'ResourceNotFoundException', message, 404);

    const q = (await createQueue(sqs, 'api-tags-deleted')).arn;
    const { UUID, EventSourceMappingArn: arn } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: q, Tags: { team: 'core' } }),
    );
    const otherRegion = arn!.replace(':us-east-1:', ':us-west-2:');
    await rejects(
      lambda.send(new ListTagsCommand({ Resource: otherRegion })),
      'ResourceNotFoundException',
      `Event source mapping not found: ${otherRegion}`,
      404,
    );

    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    const gone = await eventually(async () => {
      try {
        await lambda.send(new ListTagsCommand({ Resource: arn }));
        return undefined;
      } catch (err: any) {
        return err;
      }
    });
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, `Event source mapping not found: ${arn}`);
    assert.equal(gone.$metadata?.httpStatusCode, 404);
  });

  test('a mapping ARN with a malformed UUID is a ValidationException against the resource pattern', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:event-source-mapping:not-a-uuid';
    const message = new RegExp(
      `^1 validation error detected: Value '${arn}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.*event-source-mapping:\\[0-9a-fA-F\\]\\{8\\}`,
    );
    await rejects(lambda.send(new ListTagsCommand({ Resource: arn })), 'ValidationException', message);
    await rejects(lambda.send(new TagResourceCommand({ Resource: arn, Tags: { a: 'b' } })), 'ValidationException', message);
  });

  test('mappings and their tags survive a restart', async () => {
    const q = (await createQueue(sqs, 'api-restart')).arn;
    const { UUID, EventSourceMappingArn } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'api-fn-2', EventSourceArn: q, BatchSize: 7, Tags: { kept: 'yes' } }),
    );
    await waitForState(lambda, UUID!, 'Enabled');
    await t.stop();
    t = await startTributary({ dataDir: t.dataDir });
    ({ lambda, sqs } = clients(t.url));
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
    assert.equal(got.State, 'Enabled');
    assert.equal(got.BatchSize, 7);
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: EventSourceMappingArn }))).Tags, { kept: 'yes' });
  });
});
