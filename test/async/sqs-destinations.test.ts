import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createRecordingFunction, tempDirPerSuite } from './helpers.js';

describe('SQS destinations and dead-letter queue', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-async-sqs-');

  async function queue(name: string): Promise<{ url: string; arn: string }> {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: attributes.Attributes!.QueueArn! };
  }

  async function receiveOne(url: string): Promise<Message> {
    return eventually(
      async () => {
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
        );
        return received.Messages?.[0];
      },
      20_000,
      `a message on ${url}`,
    );
  }

  test('records go to SQS on success and failure, and the failed event reaches the DLQ with its attributes', async () => {
    const ok = await queue('async-ok');
    const failed = await queue('async-failed');
    const dlq = await queue('async-dlq');
    const worker = await createRecordingFunction(lambda, dir, 'sqs-worker', { deadLetterArn: dlq.arn });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'sqs-worker',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnSuccess: { Destination: ok.arn }, OnFailure: { Destination: failed.arn } },
      }),
    );

    await lambda.send(new InvokeCommand({ FunctionName: 'sqs-worker', InvocationType: 'Event', Payload: Buffer.from('{"good":true}') }));
    const success = JSON.parse((await receiveOne(ok.url)).Body!);
    assert.equal(success.requestContext.condition, 'Success');
    assert.equal(success.requestContext.functionArn, `${worker.arn}:$LATEST`);
    assert.deepEqual(success.requestPayload, { good: true });
    assert.deepEqual(success.responsePayload, { echoed: { good: true } });

    await lambda.send(new InvokeCommand({ FunctionName: 'sqs-worker', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"tag":"dlq"}') }));
    const failure = JSON.parse((await receiveOne(failed.url)).Body!);
    assert.equal(failure.requestContext.condition, 'RetriesExhausted');
    assert.equal(failure.requestContext.approximateInvokeCount, 1);
    assert.equal(failure.responseContext.functionError, 'Unhandled');
    assert.equal(failure.responsePayload.errorMessage, 'boom dlq');

    const letter = await receiveOne(dlq.url);
    assert.equal(letter.Body, '{"fail":true,"tag":"dlq"}');
    assert.deepEqual(letter.MessageAttributes?.RequestID, { DataType: 'String', StringValue: failure.requestContext.requestId });
    assert.deepEqual(letter.MessageAttributes?.ErrorCode, { DataType: 'Number', StringValue: '200' });
    assert.deepEqual(letter.MessageAttributes?.ErrorMessage, { DataType: 'String', StringValue: 'boom dlq' });
    assert.equal(worker.record.lines().length, 2);
  });

  test('a destination queue that does not exist is rejected when the config is put', async () => {
    await createRecordingFunction(lambda, dir, 'sqs-picky');
    const missing = 'arn:aws:sqs:us-east-1:123456789012:no-such-queue';
    await assert.rejects(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'sqs-picky', DestinationConfig: { OnFailure: { Destination: missing } } })),
      (err: Error) => err.name === 'InvalidParameterValueException' && err.message === `The destination ARN ${missing} is invalid.`,
    );
  });
});
