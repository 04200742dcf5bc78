import type { Ports } from '../contracts.js';
import type { Logger } from '../log.js';

export interface DeadLetter {
  targetArn: string;
  requestId: string;
  /** The original event, unchanged. */
  payload: Buffer;
  /** `200` for a function error (the status of the invoke that failed), else the throttle/system status. */
  errorCode: string;
  errorMessage: string;
  traceHeader?: string;
}

const MAX_ERROR_MESSAGE_BYTES = 1024;

/**
 * The function's DeadLetterConfig (§1.6): the event as the body, with RequestID, ErrorCode and
 * ErrorMessage attributes. A failed send drops the event (AWS counts DeadLetterErrors) and is logged.
 */
export async function sendToDeadLetter(letter: DeadLetter, ports: Ports, logger: Logger): Promise<void> {
  const service = letter.targetArn.split(':')[2];
  const message = truncateUtf8(letter.errorMessage, MAX_ERROR_MESSAGE_BYTES);
  try {
    if (service === 'sqs') {
      if (!ports.sqs) throw new Error('no SQS service is running in this Tributary');
      await ports.sqs.sendMessage(letter.targetArn, {
        body: letter.payload.toString('utf8'),
        traceHeader: letter.traceHeader,
        messageAttributes: {
          RequestID: { DataType: 'String', StringValue: letter.requestId },
          ErrorCode: { DataType: 'Number', StringValue: letter.errorCode },
          ErrorMessage: { DataType: 'String', StringValue: message },
        },
      });
    } else if (service === 'sns') {
      if (!ports.sns) throw new Error('no SNS service is running in this Tributary');
      await ports.sns.publish(letter.targetArn, letter.payload.toString('utf8'), {
        traceHeader: letter.traceHeader,
        messageAttributes: {
          RequestID: { Type: 'String', Value: letter.requestId },
          ErrorCode: { Type: 'Number', Value: letter.errorCode },
          ErrorMessage: { Type: 'String', Value: message },
        },
      });
    } else {
      throw new Error('a dead-letter queue must be an SQS queue or an SNS topic');
    }
  } catch (err) {
    logger.error(
      `DEAD-LETTER DELIVERY FAILED: event of request ${letter.requestId} to ${letter.targetArn}: ${err instanceof Error ? err.message : String(err)}; the event is dropped`,
    );
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  return bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
