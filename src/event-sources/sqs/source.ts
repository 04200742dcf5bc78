/** Amazon SQS as an event source: its validation rules and runner (defaults are in settings/table.ts). */
import type { ServiceDeps } from '../../services/deps.js';
import { invalidParameter } from '../errors.js';
import type { MappingSettings } from '../model.js';
import type { SourceKind } from '../source-kind.js';
import { SqsMappingRunner } from './runner.js';

const SQS_ARN = /^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/;

const nonExistentQueue = () =>
  invalidParameter(
    'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
  );

function isFifo(arn: string, deps: ServiceDeps): boolean {
  return deps.ports.sqs?.queueInfo(arn)?.fifo ?? arn.endsWith('.fifo');
}

export const sqsSource: SourceKind = {
  name: 'sqs',

  recognizes: (arn) => SQS_ARN.test(arn),

  checkExists(arn, deps) {
    if (!deps.ports.sqs?.queueInfo(arn)) throw nonExistentQueue();
  },

  validate(settings: MappingSettings, _req, arn, deps, fn) {
    const visibility = deps.ports.sqs?.queueInfo(arn)?.visibilityTimeoutSeconds;
    if (fn?.timeoutSeconds !== undefined && visibility !== undefined && visibility < fn.timeoutSeconds) {
      throw invalidParameter(`Queue visibility timeout: ${visibility} seconds is less than Function timeout: ${fn.timeoutSeconds} seconds`);
    }
    if (isFifo(arn, deps)) {
      if (settings.batchSize > 10) throw invalidParameter('Maximum batch size must be between 1 and 10 inclusive');
      if (settings.maximumBatchingWindowInSeconds > 0) throw invalidParameter('Batching window is not supported for FIFO queues');
    } else if (settings.batchSize > 10 && settings.maximumBatchingWindowInSeconds < 1) {
      throw invalidParameter('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
    }
  },

  duplicateMessage: (arn, functionName, uuid) =>
    `An event source mapping with SQS arn (" ${arn} ") and function (" ${functionName} ") already exists. Please update or delete the existing mapping with UUID ${uuid}`,

  render: () => ({ StateTransitionReason: 'USER_INITIATED' }),

  startRunner: (m, ctx) => new SqsMappingRunner(m, ctx),
};
