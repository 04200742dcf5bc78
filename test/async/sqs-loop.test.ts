import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createFunction, recorder, tempDirPerSuite } from './helpers.js';

/** Consumes its queue and sends the next message to the same queue (an SQS loop). */
const REQUEUES = `
const fs = require('node:fs');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL });
exports.handler = async (event) => {
  for (const record of event.Records) {
    const n = JSON.parse(record.body).n;
    fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ event: { n }, trace: record.attributes.AWSTraceHeader ?? null }) + '\\n');
    if (n < 40) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ n: n + 1 }) }));
  }
};
`;

describe('recursive loop detection through SQS', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-sqs-loop-');

  test('a function feeding the queue it consumes is not invoked a 17th time and the message is redriven', async () => {
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'loop-dlq' }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'loop-queue',
          Attributes: { VisibilityTimeout: '3', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
        }),
      )
    ).QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const runs = recorder(dir, 'sqs-looper');
    // A mapping needs the queue's visibility timeout to be at least the function's timeout.
    await createFunction(lambda, 'sqs-looper', REQUEUES, { environment: { RECORD_FILE: runs.file, QUEUE_URL: queueUrl }, timeout: 3 });
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'sqs-looper', EventSourceArn: queueArn, BatchSize: 1 }));

    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ n: 1 }) }));
    const redriven = await eventually(
      async () => {
        const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }));
        return received.Messages?.[0];
      },
      40_000,
      'the blocked message in the DLQ',
    );
    assert.deepEqual(JSON.parse(redriven.Body!), { n: 17 });
    assert.deepEqual(
      runs.lines().map((l) => l.event.n),
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
  });
});
