import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutFunctionRecursionConfigCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient } from './helpers.js';

describe("Lambda's constraint tables answer with AWS's validation messages", () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  before(async () => {
    await createFunction(lambda, 'target');
  });

  test('an all-digit alias name fails the alias pattern; a missing version is null', async () => {
    const err = await awsError(lambda.send(new CreateAliasCommand({ FunctionName: 'target', Name: '123', FunctionVersion: '$LATEST' })));
    assert.equal(err.name, 'ValidationException');
    assert.equal(
      err.message,
      "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    );
    const missing = await awsError(lambda.send(new CreateAliasCommand({ FunctionName: 'target', Name: 'live', FunctionVersion: undefined as never })));
    assert.equal(missing.message, "1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null");
  });

  test('AddPermission lists every member that fails its pattern, in model order', async () => {
    const err = await awsError(
      lambda.send(
        new AddPermissionCommand({ FunctionName: 'target', StatementId: 'bad id', Action: 'invoke', Principal: 's3.amazonaws.com', SourceAccount: '12' }),
      ),
    );
    assert.equal(err.name, 'ValidationException');
    assert.equal(
      err.message,
      "3 validation errors detected: Value 'bad id' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+); " +
        "Value 'invoke' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*]); " +
        "Value '12' at 'sourceAccount' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}",
    );
  });

  test('a function URL needs an AuthType from its enum', async () => {
    const err = await awsError(lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'target', AuthType: 'OPEN' as never })));
    assert.equal(
      err.message,
      "1 validation error detected: Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]",
    );
  });

  test('reserved concurrency cannot be negative', async () => {
    const err = await awsError(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'target', ReservedConcurrentExecutions: -1 })));
    assert.equal(
      err.message,
      "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  test('nested configuration members are named by their path', async () => {
    const err = await awsError(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'target', TracingConfig: { Mode: 'Sometimes' as never }, EphemeralStorage: { Size: 100 } }),
      ),
    );
    assert.equal(
      err.message,
      "2 validation errors detected: Value 'Sometimes' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]; " +
        "Value '100' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512",
    );
    const env = await awsError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'target', Environment: { Variables: { '1st': 'x' } } })));
    assert.equal(
      env.message,
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
  });

  test('a missing RecursiveLoop is null, and event invoke config ranges are checked together', async () => {
    const loop = await awsError(lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'target', RecursiveLoop: undefined as never })));
    assert.equal(loop.message, "1 validation error detected: Value null at 'recursiveLoop' failed to satisfy constraint: Member must not be null");
    const config = await awsError(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'target', MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 59 })),
    );
    assert.equal(
      config.message,
      "2 validation errors detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2; " +
        "Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
  });

  test('ListFunctions words a bad MaxItems as one range, as a parameter error', async () => {
    const err = await awsError(lambda.send(new ListFunctionsCommand({ MaxItems: 0 })));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
  });

  test('a body that is not JSON is an InvalidRequestContentException, never an empty request', async () => {
    const response = await fetch(`${t.url}/2015-03-31/functions/target/configuration`, { method: 'PUT', body: 'not json' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
    const body = (await response.json()) as { Type: string; message: string };
    assert.equal(body.Type, 'User');
    assert.match(body.message, /^Could not parse request body into json: Unrecognized token 'not'/);
  });
});
