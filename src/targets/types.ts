import type { Ports } from '../contracts.js';
import type { CorrelationIds } from '../observations/types.js';

/** A message attribute as SQS and SNS both carry it. */
export interface TargetAttribute {
  dataType: 'String' | 'Number' | 'Binary';
  /** Binary values are bytes; SNS receives them base64-encoded. */
  value: string | Buffer;
}

/**
 * What a caller hands a target: one neutral shape for every kind. The caller renders its own
 * content (an invocation record, an S3 event, a failed batch); each kind takes the fields it uses
 * and ignores the rest.
 */
export interface TargetMessage {
  /** The SQS body, SNS `Message`, Lambda event, S3 object body or EventBridge `detail` (JSON text). */
  body: string | Buffer;
  /** SQS message attributes, SNS message attributes. */
  attributes?: Record<string, TargetAttribute>;
  /** `X-Amzn-Trace-Id` of the cause, carrying the recursion lineage on to the next hop. */
  traceHeader?: string;
  /** SNS `Subject`. */
  subject?: string;
  /** FIFO queues and topics. */
  groupId?: string;
  deduplicationId?: string;
  /** S3 targets: the object key (required) and its content type. */
  key?: string;
  contentType?: string;
  /** EventBridge targets: the entry around the `body` detail (required). */
  event?: { source: string; detailType: string; resources?: string[] };
  /** Lambda targets: who sends the event (`aws:s3`, `lambda:destination`), for logs and loop detection. */
  sender?: string;
  /** Lambda targets: ids of the cause, carried into the invocation's observations. */
  causeIds?: CorrelationIds;
}

/** What a delivery returned: the message id, invocation request id or event id, when there is one. */
export interface TargetReceipt {
  id?: string;
}

/** Where a target is looked up when its ARN leaves something out (S3 bucket ARNs have no account). */
export interface TargetScope {
  accountId: string;
  region?: string;
}

/** One kind of target, by the service part of its ARN; it reaches its service through `ports`. */
export interface TargetKind {
  /** Human name for logs and errors (`SQS queue`). */
  readonly description: string;
  /** Whether the target exists; undefined when its service is not running here, so nobody can tell. */
  exists(arn: string, ports: Ports, scope?: TargetScope): boolean | undefined;
  /** Delivers one message; throws `TargetError` (or the service's error) when it cannot. */
  send(arn: string, message: TargetMessage, ports: Ports): Promise<TargetReceipt>;
}

/** A delivery that could not happen (no such kind, service not running, message not fit for the kind). */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

export function serviceAbsent(service: string): TargetError {
  return new TargetError(`no ${service} service is running in this Tributary`);
}
