import type { Logger } from '../../log.js';
import type { InvocationRecord } from '../invocation-record.js';
import { eventBridgeDestination } from './eventbridge.js';
import { lambdaDestination } from './lambda.js';
import { s3Destination } from './s3.js';
import { snsDestination } from './sns.js';
import { sqsDestination } from './sqs.js';
import type { DestinationContext, DestinationSender } from './types.js';

/** Destination senders by the service part of the target ARN; a new kind is a new file here. */
const SENDERS: Record<string, DestinationSender> = {
  sqs: sqsDestination,
  sns: snsDestination,
  lambda: lambdaDestination,
  events: eventBridgeDestination,
  s3: s3Destination,
};

export function destinationSender(arn: string): DestinationSender | undefined {
  const service = arn.split(':')[2] ?? '';
  return Object.hasOwn(SENDERS, service) ? SENDERS[service] : undefined;
}

/** Delivers a record; a failed delivery is logged loudly and the record is dropped, as AWS does. */
export async function deliverRecord(arn: string, record: InvocationRecord, context: DestinationContext, logger: Logger): Promise<void> {
  const sender = destinationSender(arn);
  const what = `${record.requestContext.condition} record of request ${record.requestContext.requestId} (${record.requestContext.functionArn})`;
  if (!sender) {
    logger.error(`DESTINATION DELIVERY FAILED: ${what} to ${arn}: unsupported destination type`);
    return;
  }
  try {
    await sender.send(arn, record, context);
  } catch (err) {
    logger.error(`DESTINATION DELIVERY FAILED: ${what} to ${sender.kind} ${arn}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export type { DestinationContext, DestinationSender } from './types.js';
