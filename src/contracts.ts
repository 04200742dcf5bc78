/**
 * What services offer one another inside Tributary (an S3 notification invokes a function, a
 * destination sends to a queue, a poller reads a queue). Users never see these: they reach every
 * service over HTTP. A port is absent until the service that offers it is registered.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FunctionLogBatch } from './engine/types.js';
import type { CorrelationIds } from './observations/types.js';
import type { HttpExchange, RequestContext } from './server/request-context.js';
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
  /**
   * Whether the function's resource policy lets an AWS service principal invoke it for a source
   * (ELB's RegisterTargets asks for its target group); undefined when the function does not exist.
   */
  servicePrincipalMayInvoke?(functionArn: string, question: { principal: string; sourceArn: string; sourceAccount: string }): boolean | undefined;
}

export interface SqsSendRequest {
  body: string;
  messageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
  /** `AWSTraceHeader` system attribute. */
  traceHeader?: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  delaySeconds?: number;
  /** Who sends it (`aws:s3`, `lambda:destination`, ...), for the `message.sent` observation. */
  sender?: string;
  /** Ids of the cause, carried into the `message.sent` observation. */
  causeIds?: CorrelationIds;
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
  /**
   * Moves one message (by id, visible or not) to another queue as a message move task moves each:
   * same message id, body and attributes, visible at once; false when the message is not there.
   */
  moveMessage?(fromQueueArn: string, messageId: string, toQueueArn: string): boolean;
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
  /** Writes what is queued now, so a reader sees every line printed before it asked (the dashboard's log view). */
  flushFunctionLogs?(): void;
}

/** A DynamoDB attribute value in its wire form (`{"S": "x"}`, `{"N": "1"}`, `{"M": {...}}`, ...). */
export type DynamoDbAttributeValue = Record<string, unknown>;
export type DynamoDbItem = Record<string, DynamoDbAttributeValue>;
export type DynamoDbStreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** The table a stream belongs to, as the stream needs to know it. */
export interface DynamoDbStreamTable {
  accountId: string;
  region: string;
  tableName: string;
  tableArn: string;
  keySchema: readonly { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
}

/** One item-level change of a write, with both full images; the stream applies its view type. */
export interface DynamoDbItemChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: DynamoDbItem;
  oldImage?: DynamoDbItem;
  newImage?: DynamoDbItem;
  /** TTL deletions: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  userIdentity?: { type: string; principalId: string };
}

/**
 * What DynamoDB tells its streams. Every call is synchronous and made inside the SQLite
 * transaction of the table write itself, so an item change and its stream record commit together.
 * Unchanged updates are never appended (DynamoDB filters them before calling).
 */
export interface DynamoDbStreamsPort {
  /** StreamSpecification.StreamEnabled: a new stream with a new ARN and `YYYY-MM-DDTHH:MM:SS.mmm` label. */
  enableStream(table: DynamoDbStreamTable, viewType: DynamoDbStreamViewType): { streamArn: string; streamLabel: string };
  /** The stream stops taking records and goes DISABLED; it stays readable until its retention ends. */
  disableStream(streamArn: string): void;
  /** The changes of one write, in order. */
  append(streamArn: string, changes: readonly DynamoDbItemChange[]): void;
}

/** One shard of a stream, as a stream event source mapping discovers it (DynamoDB Streams now, Kinesis next). */
export interface StreamShardInfo {
  shardId: string;
  parentShardId?: string;
  /** No more records will be written to it. */
  closed: boolean;
}

/** One stored record of a shard, as a stream mapping reads it. */
export interface StreamReadRecord {
  /** Decimal string; orders records within a shard. */
  sequenceNumber: string;
  /** When it was written (clock ms). */
  arrivalMs: number;
  /** What ordering is kept per (Kinesis partition key; DynamoDB item key). */
  partitionKey: string;
  /** The record as the stream's own API returns it (the mapping adds `eventSourceARN`). */
  record: Record<string, unknown>;
}

export interface StreamReadResult {
  records: StreamReadRecord[];
  /** Records up to this sequence number were removed by retention (undefined when none were). */
  trimmedThrough?: string;
  /** The shard is closed and nothing follows the records returned. */
  drained: boolean;
}

/** Reading a stream for an event source mapping, in-process. */
export interface StreamReaderPort {
  /** The stream's retention and whether it still takes records; undefined when there is no such stream. */
  streamInfo(streamArn: string): { retentionMs: number; enabled: boolean } | undefined;
  /** Every shard still readable, parents before children. */
  shards(streamArn: string): StreamShardInfo[];
  /** Up to `max` records after `after` (from the shard's start when undefined). */
  read(streamArn: string, shardId: string, after: string | undefined, max: number): StreamReadResult;
  /** The position just before the first record written at or after `timeMs` (LATEST at a time; AT_TIMESTAMP). */
  positionAt(streamArn: string, shardId: string, timeMs: number): string | undefined;
  /** Calls `listener` after a write to the stream commits; returns the unsubscribe. */
  onAppend(streamArn: string, listener: () => void): () => void;
}

/**
 * One API Gateway flavour's data plane (REST APIs; HTTP and WebSocket APIs), reached through
 * `{api-id}.execute-api.localhost` or `/_aws/execute-api/{api-id}/...`. The execute-api front door
 * asks each flavour whether it owns the id, then hands the request over.
 */
export interface ExecuteApiBackend {
  /** True when `apiId` is one of this flavour's APIs, in any account and region. */
  owns(apiId: string): boolean;
  /** Serves one request; `path` is what follows the API id (`/{stage}/...` for REST APIs, `/...` for HTTP APIs), query excluded. */
  serve(exchange: HttpExchange, ctx: RequestContext, apiId: string, path: string): Promise<void>;
  /** Takes a WebSocket upgrade for one of its APIs (WebSocket APIs); false when it has none there. */
  upgradeApi?(req: IncomingMessage, socket: Duplex, head: Buffer, apiId: string, path: string): boolean;
}

/** The ports of the services registered in this Tributary (src/services/registry.ts); filled in as they are built. */
export type Ports = PortsOf<typeof SERVICE_MODULES>;
