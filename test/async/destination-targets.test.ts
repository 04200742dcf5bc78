import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Observation } from '../../src/observations/types.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { createRecordingFunction, tempDirPerSuite } from './helpers.js';

// A bus that does not exist: EventBridge runs here now, and its default bus is reachable.
const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/no-such-bus';

describe('destinations through the targets seam', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));
  const dir = tempDirPerSuite('tributary-async-targets-');

  async function queueArn(name: string): Promise<string> {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  }

  /** Collects observations of the given types until the returned stop is called. */
  function watch(types: Observation['type'][]): { seen: Observation[]; stop: () => void } {
    const seen: Observation[] = [];
    const stop = t.tributary.observations.subscribe((o) => seen.push(o), types);
    return { seen, stop };
  }

  test('an event bus Lambda cannot reach is rejected as AWS rejects an invalid destination', async () => {
    await createRecordingFunction(lambda, dir, 'bus-results');
    for (const DestinationConfig of [{ OnFailure: { Destination: BUS } }, { OnSuccess: { Destination: BUS } }]) {
      await assert.rejects(
        lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'bus-results', DestinationConfig })),
        (err: Error) => err.name === 'InvalidParameterValueException' && err.message === `The destination ARN ${BUS} is invalid.`,
      );
    }
  });

  test('delivery to a destination and to the DLQ is observed with the ids of the event', async () => {
    const failed = await queueArn('observed-failed');
    const dlq = await queueArn('observed-dlq');
    const worker = await createRecordingFunction(lambda, dir, 'observed-worker', { deadLetterArn: dlq });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'observed-worker',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: failed } },
      }),
    );
    const watcher = watch(['destination.delivered', 'dlq.moved']);
    try {
      await lambda.send(
        new InvokeCommand({ FunctionName: 'observed-worker', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"tag":"observed"}') }),
      );
      await eventually(() => (watcher.seen.length >= 2 ? true : undefined), 20_000, 'a destination delivery and a DLQ move');
      const requestId = worker.record.lines()[0]!.requestId;
      const delivered = watcher.seen.find((o) => o.type === 'destination.delivered');
      const moved = watcher.seen.find((o) => o.type === 'dlq.moved');
      assert.ok(delivered && delivered.type === 'destination.delivered');
      assert.equal(delivered.destinationArn, failed);
      assert.equal(delivered.condition, 'RetriesExhausted');
      assert.equal(delivered.delivered, true);
      assert.equal(delivered.ids.invocationId, requestId);
      assert.equal(delivered.ids.functionArn, worker.arn);
      assert.equal(delivered.ids.attempt, 1);
      assert.ok(moved && moved.type === 'dlq.moved');
      assert.equal(moved.targetArn, dlq);
      assert.equal(moved.reason, 'boom observed');
      assert.equal(moved.delivered, true);
      assert.equal(moved.ids.invocationId, requestId);
      assert.equal(moved.ids.functionArn, worker.arn);
    } finally {
      watcher.stop();
    }
  });

  test('a destination that is gone by delivery time fails observably, not thrown', async () => {
    const sns = new SNSClient(clientConfig(t.url));
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'gone-by-delivery' }))).TopicArn!;
    await createRecordingFunction(lambda, dir, 'topic-worker');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'topic-worker',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: topic } },
      }),
    );
    await sns.send(new DeleteTopicCommand({ TopicArn: topic }));
    sns.destroy();
    const watcher = watch(['destination.delivered']);
    try {
      await lambda.send(new InvokeCommand({ FunctionName: 'topic-worker', InvocationType: 'Event', Payload: Buffer.from('{"fail":true}') }));
      const observed = await eventually(() => watcher.seen[0], 20_000, 'a failed destination delivery');
      assert.ok(observed.type === 'destination.delivered');
      assert.equal(observed.destinationArn, topic);
      assert.equal(observed.delivered, false);
      assert.equal(observed.error, 'Topic does not exist');
    } finally {
      watcher.stop();
    }
  });
});
