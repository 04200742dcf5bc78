import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionRecursionConfigCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  PutFunctionRecursionConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction } from './helpers.js';

const ACCOUNT = '123456789012';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const HANDLER = 'exports.handler = async () => ({});';

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the request to fail');
}

describe('event invoke config and recursion config API', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));

  before(async () => {
    await createFunction(lambda, 'orders', HANDLER);
    await createFunction(lambda, 'audit', HANDLER);
  });

  test('Put stores the config and Get returns it with the qualified ARN and both destination slots', async () => {
    const put = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'orders',
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: fnArn('audit') } },
      }),
    );
    assert.equal(put.FunctionArn, `${fnArn('orders')}:$LATEST`);
    assert.ok(put.LastModified instanceof Date);
    const got = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'orders' }));
    assert.equal(got.FunctionArn, `${fnArn('orders')}:$LATEST`);
    assert.equal(got.MaximumRetryAttempts, 0);
    assert.equal(got.MaximumEventAgeInSeconds, 3600);
    assert.deepEqual(got.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: fnArn('audit') } });
  });

  test('Put replaces the whole config while Update merges into it', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120 }));
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumRetryAttempts: 2 }));
    const replaced = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'orders' }));
    assert.equal(replaced.MaximumRetryAttempts, 2);
    assert.equal(replaced.MaximumEventAgeInSeconds, undefined);
    const updated = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumEventAgeInSeconds: 900 }));
    assert.equal(updated.MaximumRetryAttempts, 2);
    assert.equal(updated.MaximumEventAgeInSeconds, 900);
  });

  test('values out of range are rejected with a ValidationException naming the member', async () => {
    const retries = await rejection(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumRetryAttempts: 3 })));
    assert.equal(retries.name, 'ValidationException');
    assert.equal(retries.status, 400);
    assert.equal(
      retries.message,
      "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    );
    const age = await rejection(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumEventAgeInSeconds: 59 })));
    assert.equal(
      age.message,
      "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    const both = await rejection(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21601 })),
    );
    assert.match(both.message, /^2 validation errors detected: .*maximumRetryAttempts.*; .*maximumEventAgeInSeconds/);
  });

  test('a Put without any setting is rejected', async () => {
    const err = await rejection(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders' })));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, 'You must specify at least one of error handling or destination setting.');
  });

  test('destinations must exist, be of a supported type and not be the function itself', async () => {
    const missing = await rejection(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', DestinationConfig: { OnSuccess: { Destination: fnArn('doesnotexist') } } }),
      ),
    );
    assert.equal(missing.name, 'InvalidParameterValueException');
    assert.equal(missing.message, `The destination ARN ${fnArn('doesnotexist')} is invalid.`);

    const self = await rejection(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', DestinationConfig: { OnFailure: { Destination: fnArn('orders') } } })),
    );
    assert.equal(self.message, "You can't specify the function as a destination for itself.");

    const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/things`;
    const unsupported = await rejection(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', DestinationConfig: { OnSuccess: { Destination: table } } })),
    );
    assert.equal(
      unsupported.message,
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${table}), onFailure=null) is invalid.`,
    );

    const bucketOnSuccess = await rejection(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', DestinationConfig: { OnSuccess: { Destination: 'arn:aws:s3:::results' } } }),
      ),
    );
    assert.equal(bucketOnSuccess.name, 'InvalidParameterValueException');

    const malformed = await rejection(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'orders', DestinationConfig: { OnFailure: { Destination: 'not-an-arn' } } })),
    );
    assert.equal(malformed.name, 'ValidationException');
    assert.match(
      malformed.message,
      /at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  test('configs are kept per version, listed, and deleted', async () => {
    const version = (await lambda.send(new PublishVersionCommand({ FunctionName: 'audit' }))).Version!;
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'audit', MaximumRetryAttempts: 1 }));
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'audit', Qualifier: version, MaximumRetryAttempts: 0 }));
    const forVersion = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: `audit:${version}` }));
    assert.equal(forVersion.FunctionArn, `${fnArn('audit')}:${version}`);
    assert.equal(forVersion.MaximumRetryAttempts, 0);

    const listed = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'audit' }));
    assert.deepEqual(listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn).sort(), [`${fnArn('audit')}:$LATEST`, `${fnArn('audit')}:${version}`].sort());
    const paged = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'audit', MaxItems: 1 }));
    assert.equal(paged.FunctionEventInvokeConfigs?.length, 1);
    assert.ok(paged.NextMarker);

    await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'audit', Qualifier: version }));
    const gone = await rejection(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'audit', Qualifier: version })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.status, 404);
    assert.equal(gone.message, `The function ${fnArn('audit')}:${version} doesn't have an EventInvokeConfig`);
  });

  test('a function without a config, or no function at all, answers ResourceNotFoundException', async () => {
    await createFunction(lambda, 'plain', HANDLER);
    const none = await rejection(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'plain' })));
    assert.equal(none.message, `The function ${fnArn('plain')}:$LATEST doesn't have an EventInvokeConfig`);
    const update = await rejection(lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'plain', MaximumRetryAttempts: 1 })));
    assert.equal(update.name, 'ResourceNotFoundException');
    const nofn = await rejection(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'nope', MaximumRetryAttempts: 1 })));
    assert.equal(nofn.name, 'ResourceNotFoundException');
    assert.equal(nofn.status, 404);
  });

  test('a deleted version or function takes its event invoke and recursion configs with it', async () => {
    await createFunction(lambda, 'fleeting', HANDLER);
    const version = (await lambda.send(new PublishVersionCommand({ FunctionName: 'fleeting' }))).Version!;
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fleeting', Qualifier: version, MaximumRetryAttempts: 0 }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fleeting', Qualifier: version }));
    assert.deepEqual((await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'fleeting' }))).FunctionEventInvokeConfigs, []);

    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fleeting', MaximumRetryAttempts: 0 }));
    await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'fleeting', RecursiveLoop: 'Allow' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fleeting' }));
    await createFunction(lambda, 'fleeting', HANDLER);
    const stale = await rejection(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fleeting' })));
    assert.equal(stale.name, 'ResourceNotFoundException');
    assert.equal((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'fleeting' }))).RecursiveLoop, 'Terminate');
  });

  test('recursion config defaults to Terminate, accepts Allow and rejects other values', async () => {
    const initial = await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'orders' }));
    assert.equal(initial.RecursiveLoop, 'Terminate');
    const put = await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'orders', RecursiveLoop: 'Allow' }));
    assert.equal(put.RecursiveLoop, 'Allow');
    assert.equal((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: fnArn('orders') }))).RecursiveLoop, 'Allow');
    const bad = await rejection(lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'orders', RecursiveLoop: 'Sometimes' as never })));
    assert.equal(bad.name, 'ValidationException');
    assert.equal(
      bad.message,
      "1 validation error detected: Value 'Sometimes' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]",
    );
    const missing = await rejection(lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });
});
