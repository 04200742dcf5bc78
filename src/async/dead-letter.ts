import type { CorrelationIds } from '../observations/types.js';
import { Targets, targetServiceOf } from '../targets/index.js';
import type { DeliveryDeps } from './destinations/types.js';

export interface DeadLetter {
  targetArn: string;
  requestId: string;
  /** The original event, unchanged. */
  payload: Buffer;
  /** `200` for a function error (the status of the invoke that failed), else the throttle/system status. */
  errorCode: string;
  errorMessage: string;
  traceHeader?: string;
  /** Ids of the event (request id, invocation id, function ARN, attempt) for the observation. */
  ids?: CorrelationIds;
}

const MAX_ERROR_MESSAGE_BYTES = 1024;

/**
 * The function's DeadLetterConfig: the event as the body, with RequestID, ErrorCode and
 * ErrorMessage attributes. A failed send drops the event (AWS counts DeadLetterErrors) and is logged.
 */
export async function sendToDeadLetter(letter: DeadLetter, deps: DeliveryDeps): Promise<void> {
  const service = targetServiceOf(letter.targetArn);
  let error: string | undefined;
  try {
    if (service !== 'sqs' && service !== 'sns') throw new Error('a dead-letter queue must be an SQS queue or an SNS topic');
    await new Targets(deps).send(letter.targetArn, {
      body: letter.payload.toString('utf8'),
      traceHeader: letter.traceHeader,
      attributes: {
        RequestID: { dataType: 'String', value: letter.requestId },
        ErrorCode: { dataType: 'Number', value: letter.errorCode },
        ErrorMessage: { dataType: 'String', value: truncateUtf8(letter.errorMessage, MAX_ERROR_MESSAGE_BYTES) },
      },
    });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    deps.logger.error(`DEAD-LETTER DELIVERY FAILED: event of request ${letter.requestId} to ${letter.targetArn}: ${error}; the event is dropped`);
  }
  if (deps.observations.wants('dlq.moved')) {
    deps.observations.emit({
      type: 'dlq.moved',
      ids: letter.ids ?? {},
      targetArn: letter.targetArn,
      reason: letter.errorMessage,
      delivered: error === undefined,
      error,
    });
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  return bytes
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}
