/**
 * What services offer one another inside Tributary (an S3 notification invokes a function, a
 * destination sends to a queue, a poller reads a queue). Users never see these: they reach every
 * service over HTTP. A port is absent until the service that offers it is registered.
 */
import type { FunctionLogBatch } from './engine/types.js';
import type { CorrelationIds } from './observations/types.js';
import type { PortsOf } from './services/module.js';
import type { SERVICE_MODULES } from './services/registry.js';

export interface AsyncInvokeRequest {
  /** Function ARN, qualified or not; a bare name is resolved in the caller's account and region. */
  functionArn: string;
  payload: Buffer;
  /** `X-Amzn-Trace-Id` of the event, carrying the recursion lineage. */
  traceHeader?: string;
  /** Who sent it (`aws:s3`, `aws:sns`, `lambda:invoke`, ...), for logs and loop detection. */
  source?: string;
  /** Ids of the cause (the S3 request id, the SNS message id, ...), carried into observations. */
  causeIds?: CorrelationIds;
}

export interface LambdaPort {
  /** Accepts an event into the durable async queue (the `Event` invocation type). */
  invokeAsync(request: AsyncInvokeRequest): Promise<{ requestId: string }>;
  /** True when the function (and qualifier, if any) exists. */
  functionExists(functionArn: string): boolean;
}

export interface SqsSendRequest {
  body: string;
  messageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
  /** `AWSTraceHeader` system attribute. */
  traceHeader?: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  delaySeconds?: number;
}

/** One received message as an event source mapping sees it. */
export interface SqsReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  /** System attributes as SQS names them: ApproximateReceiveCount, SentTimestamp, SenderId, ... */
  attributes: Record<string, string>;
  messageAttributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
}

export interface SqsQueueInfo {
  arn: string;
  url: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  region: string;
  accountId: string;
}

export interface SqsPort {
  queueInfo(queueArn: string): SqsQueueInfo | undefined;
  sendMessage(queueArn: string, message: SqsSendRequest): Promise<{ messageId: string }>;
  /**
   * Receives up to `max` messages, waiting up to `waitMs` for the first one (long polling without
   * spinning). FIFO queues return messages of groups with nothing in flight, in group order.
   */
  receive(queueArn: string, options: { max: number; waitMs: number; visibilityTimeoutSeconds?: number; signal?: AbortSignal }): Promise<SqsReceivedMessage[]>;
  deleteMessages(queueArn: string, receiptHandles: readonly string[]): Promise<void>;
  changeVisibility(queueArn: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void>;
}

export interface S3Port {
  bucketExists(accountId: string, bucket: string): boolean;
  putObject(bucket: string, key: string, body: Buffer, contentType?: string): Promise<void>;
  /** The body of an object, or undefined when the key does not exist (Lambda's `Code.S3Bucket/S3Key`). */
  getObjectBody?(bucket: string, key: string): Promise<Buffer | undefined>;
}

export interface SnsPort {
  topicExists(topicArn: string): boolean;
  publish(
    topicArn: string,
    message: string,
    options?: {
      subject?: string;
      messageAttributes?: Record<string, { Type: string; Value: string }>;
      traceHeader?: string;
      /** FIFO topics. */
      messageGroupId?: string;
      messageDeduplicationId?: string;
    },
  ): Promise<{ messageId: string }>;
}

/** One PutEvents entry, as a service puts it on a bus. */
export interface EventsPutEntry {
  source: string;
  detailType: string;
  /** JSON text of the `detail` object. */
  detail: string;
  resources?: string[];
  traceHeader?: string;
}

/** One entry's result: an event id, or the error PutEvents reports for that entry. */
export interface EventsPutResult {
  eventId?: string;
  errorCode?: string;
  errorMessage?: string;
}

export interface EventsPort {
  /** True when the event bus (`arn:aws:events:<region>:<account>:event-bus/<name>`) exists. */
  eventBusExists(busArn: string): boolean;
  /** Puts entries on a bus; one result per entry, in order (PutEvents fails entries, not the call). */
  putEvents(busArn: string, entries: readonly EventsPutEntry[]): Promise<EventsPutResult[]>;
}

/** CloudWatch Logs as the engine feeds it: function output into the function's log group. */
export interface LogsPort {
  /** Queues the lines; they are stored shortly after, never on the caller's time. */
  appendFunctionLog(batch: FunctionLogBatch): void;
}

/** Ports of services that are not built yet; callers already reach for them (S3 topics, SNS destinations). */
interface ComingPorts {
  sns?: SnsPort;
  events?: EventsPort;
}

/** The ports of the services registered in this Tributary (src/services/registry.ts); filled in as they are built. */
export type Ports = PortsOf<typeof SERVICE_MODULES> & ComingPorts;
