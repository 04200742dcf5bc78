import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { ROLE, zipOf } from '../support/functions.js';

const ACCOUNT = '123456789012';

describe('DeadLetterConfig', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));

  function create(name: string, targetArn: string) {
    return lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => ({});' }) },
        DeadLetterConfig: { TargetArn: targetArn },
      }),
    );
  }

  const rejectedWith = (message: string) => (err: Error) => err.name === 'InvalidParameterValueException' && err.message === message;

  test('must name an SQS queue or SNS topic in the function region, and not a FIFO queue', async () => {
    await assert.rejects(
      create('dlq-table', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/things`),
      rejectedWith('Invalid dead letter queue ARN: The service specified by the TargetArn is not supported for dead letter configuration.'),
    );
    await assert.rejects(
      create('dlq-region', `arn:aws:sqs:eu-west-1:${ACCOUNT}:failed`),
      rejectedWith(
        "Invalid dead letter queue ARN: The resource specified by the TargetArn must be in the same region as the Lambda function it's associated with.",
      ),
    );
    await assert.rejects(
      create('dlq-fifo', `arn:aws:sqs:us-east-1:${ACCOUNT}:failed.fifo`),
      rejectedWith('Invalid dead letter queue ARN: FIFO SQS queue is not supported for dead letter configuration'),
    );
  });

  test('is set on create, checked on update, and cleared by an empty TargetArn', async () => {
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:failed`;
    await create('dlq-ok', queue);
    assert.equal((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'dlq-ok' }))).DeadLetterConfig?.TargetArn, queue);
    await eventually(
      async () => ((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'dlq-ok' }))).State === 'Active' ? true : undefined),
      30_000,
      'dlq-ok to become Active',
    );
    await assert.rejects(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-ok', DeadLetterConfig: { TargetArn: `arn:aws:s3:::bucket` } })),
      rejectedWith('Invalid dead letter queue ARN: The service specified by the TargetArn is not supported for dead letter configuration.'),
    );
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
    const updated = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-ok', DeadLetterConfig: { TargetArn: topic } }));
    assert.equal(updated.DeadLetterConfig?.TargetArn, topic);
    await eventually(
      async () => ((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'dlq-ok' }))).LastUpdateStatus === 'Successful' ? true : undefined),
      30_000,
      'the update to finish',
    );
    const cleared = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-ok', DeadLetterConfig: { TargetArn: '' } }));
    assert.equal(cleared.DeadLetterConfig, undefined);
  });
});
