/**
 * Async invocation destinations: which target kinds a destination may be, how an invocation record
 * is rendered for each, and its delivery through the targets seam.
 */
import { TARGET_KINDS, type TargetMessage, type TargetService, Targets, targetServiceOf } from '../../targets/index.js';
import type { InvocationRecord } from '../invocation-record.js';
import { invocationResultEntry } from './eventbridge.js';
import { asyncRecordKey } from './s3.js';
import type { DeliveryDeps, DestinationContext } from './types.js';

/** The destination kinds and whether each takes records on success (S3 takes failures only). */
const ON_SUCCESS: Record<TargetService, boolean> = { sqs: true, sns: true, lambda: true, events: true, s3: false };

/** Whether the ARN names a kind of destination Lambda supports for that slot. */
export function destinationSupported(arn: string, slot: 'onSuccess' | 'onFailure'): boolean {
  const service = targetServiceOf(arn);
  return service !== undefined && (slot === 'onFailure' || ON_SUCCESS[service]);
}

/** The record as each kind of destination receives it. */
export function renderRecord(service: TargetService, arn: string, record: InvocationRecord, context: DestinationContext): TargetMessage {
  const body = JSON.stringify(record);
  switch (service) {
    case 'sqs':
    case 'sns':
      return { body, traceHeader: context.traceHeader };
    case 'lambda':
      return { body, traceHeader: context.traceHeader, sender: 'lambda:destination', causeIds: context.ids };
    case 's3':
      return { body, key: asyncRecordKey(context.functionName, context.nowMs), contentType: 'application/json' };
    case 'events': {
      const { detail, ...event } = invocationResultEntry(record, arn);
      return { body: detail, event, traceHeader: context.traceHeader };
    }
  }
}

/** Delivers a record; a failed delivery is logged loudly and the record is dropped, as AWS does. */
export async function deliverRecord(arn: string, record: InvocationRecord, context: DestinationContext, deps: DeliveryDeps): Promise<void> {
  const { condition, requestId, functionArn } = record.requestContext;
  const observe = (error?: string) => {
    if (!deps.observations.wants('destination.delivered')) return;
    deps.observations.emit({ type: 'destination.delivered', ids: context.ids ?? {}, destinationArn: arn, condition, delivered: error === undefined, error });
  };
  const what = `${condition} record of request ${requestId} (${functionArn})`;
  const service = targetServiceOf(arn);
  if (!service) {
    deps.logger.error(`DESTINATION DELIVERY FAILED: ${what} to ${arn}: unsupported destination type`);
    observe('unsupported destination type');
    return;
  }
  const targets = new Targets(deps);
  try {
    await targets.send(arn, renderRecord(service, arn, record, context));
    observe();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.error(`DESTINATION DELIVERY FAILED: ${what} to ${TARGET_KINDS[service].description} ${arn}: ${message}`);
    observe(message);
  }
}

export { invocationResultEntry } from './eventbridge.js';
export type { DeliveryDeps, DestinationContext } from './types.js';
