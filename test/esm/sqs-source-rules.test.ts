import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sqsSource } from '../../src/event-sources/sqs/source.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import type { ResolvedFunction } from '../../src/services/lambda/internal-api.js';
import { resolvedFunction } from '../support/functions.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012:q';
const deps = (visibilityTimeoutSeconds: number, fifo = false) =>
  ({
    ports: { sqs: { queueInfo: () => ({ arn: ARN, url: 'u', fifo, visibilityTimeoutSeconds, region: 'us-east-1', accountId: '123456789012' }) } },
  }) as unknown as ServiceDeps;
const fn = (timeoutSeconds?: number): ResolvedFunction => resolvedFunction({ timeoutSeconds });
const settings = { batchSize: 10, maximumBatchingWindowInSeconds: 0, functionResponseTypes: [] };

describe('SQS mapping rules', () => {
  test('a function timeout longer than the queue visibility timeout is refused', () => {
    assert.throws(() => sqsSource.validate(settings, {}, ARN, deps(30), fn(60)), {
      name: 'InvalidParameterValueException',
      message: 'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
    });
  });

  test('a function timeout within the visibility timeout is accepted', () => {
    assert.doesNotThrow(() => sqsSource.validate(settings, {}, ARN, deps(30), fn(30)));
    assert.doesNotThrow(() => sqsSource.validate(settings, {}, ARN, deps(30), fn(undefined)));
  });

  test('ARNs of SQS queues are recognised, others are not', () => {
    assert.equal(sqsSource.recognizes(ARN), true);
    assert.equal(sqsSource.recognizes('arn:aws:sqs:us-east-1:123456789012:q.fifo'), true);
    assert.equal(sqsSource.recognizes('arn:aws:kinesis:us-east-1:123456789012:stream/s'), false);
  });
});
