import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient, NODE_ECHO, ROLE, zipOf } from './helpers.js';

describe('Lambda request validation', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  before(async () => {
    await createFunction(lambda, 'target');
  });

  const create = (overrides: Partial<CreateFunctionCommandInput>) =>
    awsError(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'valid-name',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': NODE_ECHO }) },
          ...overrides,
        }),
      ),
    );

  test('an invalid function name is a ValidationException quoting the pattern', async () => {
    const err = await create({ FunctionName: 'bad name!' });
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.status, 400);
    assert.match(
      err.message,
      /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
  });

  test('a name longer than 64 characters is rejected', async () => {
    const err = await create({ FunctionName: 'x'.repeat(65) });
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.match(err.message, /Member must have length less than or equal to 64/);
  });

  test('an unknown runtime lists the accepted ones', async () => {
    const err = await create({ Runtime: 'PYTHON3.9' as never });
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.match(
      err.message,
      /^Value PYTHON3\.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[.*nodejs20\.x.*\] or be a valid ARN$/,
    );
  });

  test('a deprecated runtime is refused with AWS message', async () => {
    const err = await create({ Runtime: 'python3.7' });
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(
      err.message,
      'The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
  });

  test('a handler with whitespace fails its pattern', async () => {
    const err = await create({ Handler: 'index handler' });
    assert.equal(err.name, 'ValidationException');
    assert.equal(
      err.message,
      "1 validation error detected: Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+",
    );
  });

  test('a role that is not an IAM role ARN fails its pattern', async () => {
    const err = await create({ Role: 'r1' });
    assert.equal(err.name, 'ValidationException');
    assert.match(
      err.message,
      /^1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/,
    );
  });

  test('memory and timeout out of range are reported together', async () => {
    const err = await create({ MemorySize: 64, Timeout: 901 });
    assert.equal(err.name, 'ValidationException');
    assert.equal(
      err.message,
      "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    const big = await create({ MemorySize: 10241 });
    assert.match(big.message, /Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240/);
  });

  test('reserved environment variable keys and oversized environments are refused', async () => {
    const reserved = await create({ Environment: { Variables: { AWS_REGION: 'x' } } });
    assert.equal(reserved.name, 'InvalidParameterValueException');
    assert.match(
      reserved.message,
      /contains reserved keys that are currently not supported for modification\. Reserved keys used in this request: AWS_REGION$/,
    );
    const huge = await create({ Environment: { Variables: { BIG: 'x'.repeat(5000) } } });
    assert.equal(huge.name, 'InvalidParameterValueException');
    assert.match(huge.message, /exceeded the 4KB limit\. String measured: \{"BIG":"x+"\}$/);
  });

  test('two architectures are refused', async () => {
    const err = await create({ Architectures: ['x86_64', 'arm64'] });
    assert.equal(err.name, 'ValidationException');
  });

  test('a file that is not a zip cannot be unzipped', async () => {
    const err = await create({ Code: { ZipFile: Buffer.from('definitely not a zip') } });
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
  });

  test('updating configuration validates the same way', async () => {
    const err = await awsError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'target', Timeout: 0 })));
    assert.equal(err.name, 'ValidationException');
    assert.match(err.message, /Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1/);
  });

  test('invoking an unknown function names it with :$LATEST', async () => {
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'ghost' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.message, 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost:$LATEST');
  });

  test('an invoke payload that is not JSON is an InvalidRequestContentException', async () => {
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'target', Payload: Buffer.from('not json') })));
    assert.equal(err.name, 'InvalidRequestContentException');
    assert.equal(err.status, 400);
    assert.match(err.message, /^Could not parse request body into json: Could not parse payload into json: Unrecognized token 'not'/);
  });

  test('InvokeAsync refuses a body that is not JSON the same way, and queues nothing', async () => {
    const err = await awsError(lambda.send(new InvokeAsyncCommand({ FunctionName: 'target', InvokeArgs: Buffer.from('not json') })));
    assert.equal(err.name, 'InvalidRequestContentException');
    assert.equal(err.status, 400);
    assert.match(err.message, /^Could not parse request body into json: Could not parse payload into json: Unrecognized token 'not'/);
  });

  test('an invoke payload over 6 MB is a 413 RequestEntityTooLargeException', async () => {
    const payload = Buffer.from(JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) }));
    const response = await fetch(`${t.url}/2015-03-31/functions/target/invocations`, { method: 'POST', body: payload });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('x-amzn-errortype'), 'RequestEntityTooLargeException');
    assert.deepEqual(await response.json(), { Type: 'User', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
  });

  test('a qualifier that contradicts the one in the name is refused', async () => {
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'target:1', Qualifier: '2' })));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, 'The derived qualifier from the function name does not match the specified qualifier.');
  });

  test('a function ARN of another region is not reachable', async () => {
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:target' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.message, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
  });

  test('a qualifier longer than 128 characters is reported as a length violation', async () => {
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'target', Qualifier: 'q'.repeat(129) })));
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.status, 400);
    assert.equal(
      err.message,
      `1 validation error detected: Value '${'q'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  test('LoggingConfig values outside their enums are refused, and log levels need the JSON format', async () => {
    const badFormat = await create({ LoggingConfig: { LogFormat: 'XML' as never } });
    assert.equal(badFormat.name, 'ValidationException');
    assert.equal(
      badFormat.message,
      "1 validation error detected: Value 'XML' at 'loggingConfig.logFormat' failed to satisfy constraint: Member must satisfy enum value set: [JSON, Text]",
    );
    const badLevel = await create({ LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'VERBOSE' as never } });
    assert.equal(
      badLevel.message,
      "1 validation error detected: Value 'VERBOSE' at 'loggingConfig.applicationLogLevel' failed to satisfy constraint: Member must satisfy enum value set: [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]",
    );
    const textWithLevel = await create({ LoggingConfig: { LogFormat: 'Text', ApplicationLogLevel: 'DEBUG' } });
    assert.equal(textWithLevel.name, 'InvalidParameterValueException');
    assert.equal(textWithLevel.status, 400);
    assert.equal(
      textWithLevel.message,
      'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
    );
  });
});
