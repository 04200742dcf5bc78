/**
 * The dashboard's JSON API under `/_tributary/api/`: what the page (and anyone else: curl, a test)
 * reads. Live updates come from `/_tributary/events` (server-sent observations); everything here is
 * a snapshot. Fields may be added; none are renamed or removed without changing the page with them.
 *
 * GET  /_tributary/api/overview                         → Overview
 * GET  /_tributary/api/observations?after=&limit=&type= → ObservationPage (the kept history; `type` as /_tributary/events)
 * GET  /_tributary/api/functions                        → { functions: FunctionSummary[] }
 * GET  /_tributary/api/functions/{name}                 → FunctionDetail
 * GET  /_tributary/api/functions/{name}/logs?q=&invocation=&limit= → { events: LogLine[] }
 * POST /_tributary/api/functions/{name}/invoke  InvokeRequest → InvokeResult
 * GET  /_tributary/api/resources                        → Resources
 * GET  /_tributary/api/queues/{queueArn}/messages?limit= → { messages: QueueMessage[] } (a peek: no receive, no visibility change)
 * GET  /_tributary/api/buckets/{bucket}/objects?prefix=&limit= → { objects: BucketObject[] }
 * GET  /_tributary/api/tables/{tableArn}/items?limit=    → { items: Record<string, unknown>[] } (DynamoDB JSON)
 * GET  /_tributary/api/streams/{streamArn}               → StreamDetail
 * GET  /_tributary/api/graph                            → Graph
 * POST /_tributary/api/replay  ReplayRequest            → ReplayResult
 *
 * Errors: `{ message }` with 400 (bad request), 404 (no such resource) or 409 (cannot replay that).
 * ARNs and names in paths are URL-encoded (`encodeURIComponent`).
 */
import type { Observation } from '../observations/types.js';

export const DASHBOARD_API_PREFIX = '/_tributary/api/';

export interface Overview {
  version: string;
  /** Epoch ms when this server started. */
  startedAt: number;
  /** Epoch ms of the server's clock now. */
  now: number;
  accountId: string;
  region: string;
  url: string;
  dataDir: string;
  /** How many observations the history keeps (0: the dashboard only sees what happens while open). */
  historyCapacity: number;
  /** Resource counts by kind: functions, queues, buckets, tables, streams, mappings, topics, ... */
  counts: Record<string, number>;
}

export interface ObservationPage {
  observations: Observation[];
  /** The newest `seq` kept (0 when none): pass it as `after` to continue, or resume the SSE stream from it. */
  lastSeq: number;
}

/** Computed over the observations the history keeps. */
export interface FunctionStats {
  invocations: number;
  errors: number;
  throttles: number;
  coldStarts: number;
  p50Ms?: number;
  p90Ms?: number;
  p99Ms?: number;
  lastInvokedAt?: number;
}

export interface FunctionSummary {
  name: string;
  arn: string;
  runtime?: string;
  handler?: string;
  packageType: string;
  state: string;
  stateReason?: string;
  memorySize: number;
  timeout: number;
  lastModified: string;
  accountId: string;
  region: string;
  stats: FunctionStats;
}

export interface InvocationSummary {
  invocationId: string;
  /** `aws:sqs`, `aws:s3`, `lambda:invoke`, `lambda:url`, `aws:apigateway`, ... */
  source: string;
  qualifiedArn: string;
  startedAt: number;
  durationMs?: number;
  /** Absent while running. */
  outcome?: string;
  errorType?: string;
  coldStart?: boolean;
  requestId?: string;
  batchId?: string;
  mappingUuid?: string;
  sourceArn?: string;
  attempt?: number;
  /** True when `POST /replay {kind:'invocation'}` can run it again (its event was kept). */
  replayable: boolean;
}

export interface FunctionDetail {
  function: FunctionSummary;
  /** Newest first. */
  invocations: InvocationSummary[];
  mappings: MappingSummary[];
  /** Durations (ms) of recent finished invocations, oldest first, for a chart. */
  durations: { time: number; ms: number; outcome: string }[];
}

export interface LogLine {
  time: number;
  invocationId?: string;
  message: string;
  logStream?: string;
}

export interface InvokeRequest {
  /** Any JSON value; sent as the event. */
  payload: unknown;
  qualifier?: string;
}

export interface InvokeResult {
  statusCode: number;
  invocationId: string;
  functionError?: string;
  /** The function's response (or error) as text. */
  payload: string;
  /** The invocation's log output. */
  logs: string;
  durationMs: number;
}

export interface QueueSummary {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  /** The queue's redrive target, if it has one. */
  deadLetterTargetArn?: string;
  /** Queues that use this one as their dead-letter queue. */
  deadLetterSourceArns: string[];
  region: string;
  accountId: string;
}

export interface QueueMessage {
  messageId: string;
  body: string;
  state: 'visible' | 'inFlight' | 'delayed';
  receiveCount: number;
  sentAt: number;
  messageGroupId?: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
}

export interface BucketSummary {
  name: string;
  region: string;
  createdAt: string;
  objects: number;
  /** How many notification configurations (queue, topic, function, EventBridge) the bucket has. */
  notifications: number;
}

export interface BucketObject {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
  contentType?: string;
}

export interface TableSummary {
  name: string;
  arn: string;
  status: string;
  itemCount: number;
  keySchema: { AttributeName: string; KeyType: string }[];
  streamArn?: string;
  streamViewType?: string;
  region: string;
  accountId: string;
}

export interface StreamSummary {
  arn: string;
  /** The DynamoDB table (or Kinesis stream name). */
  name: string;
  kind: 'dynamodb' | 'kinesis';
  status: string;
  shards: number;
}

export interface StreamDetail extends StreamSummary {
  shards: number;
  shardList: { shardId: string; parentShardId?: string; startingSequenceNumber: string; endingSequenceNumber?: string; records: number }[];
}

export interface MappingSummary {
  uuid: string;
  functionArn: string;
  eventSourceArn?: string;
  state: string;
  stateTransitionReason?: string;
  batchSize?: number;
  lastProcessingResult?: string;
  lastModified?: number;
}

/** Resources other services own, as compact rows (name, arn, a few counts). */
export interface SimpleResource {
  name: string;
  arn: string;
  kind: string;
  /** A short line shown under the name (e.g. "2 subscriptions", "cron(0 12 * * ? *)"). */
  detail?: string;
}

export interface Resources {
  functions: FunctionSummary[];
  queues: QueueSummary[];
  buckets: BucketSummary[];
  tables: TableSummary[];
  streams: StreamSummary[];
  mappings: MappingSummary[];
  /** SNS topics, EventBridge buses and rules, schedules, APIs, load balancers. */
  others: SimpleResource[];
}

export interface GraphNode {
  /** An ARN (or `arn:aws:s3:::bucket`). */
  id: string;
  kind: 'function' | 'queue' | 'bucket' | 'table' | 'stream' | 'topic' | 'bus' | 'rule' | 'schedule' | 'api' | 'loadbalancer' | 'other';
  label: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'mapping' | 'notification' | 'subscription' | 'target' | 'destination' | 'dead-letter' | 'redrive' | 'integration' | 'stream';
  /** What the edge is, in words: a mapping's UUID and state, an S3 event name, ... */
  label?: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * - `dlq-message`: moves one message from a dead-letter queue back to the queue it came from (as
 *   SQS's StartMessageMoveTask does, one message) — the source mapping then picks it up again.
 * - `invocation`: runs a kept invocation's event again the way it first ran (a mapping's batch is
 *   invoked synchronously with the same event; an async event is queued again as a new event).
 */
export type ReplayRequest =
  | { kind: 'dlq-message'; queueArn: string; messageId: string; targetQueueArn?: string }
  | { kind: 'invocation'; invocationId: string };

export interface ReplayResult {
  /** What was done, in words ("moved to orders", "invoked process-orders"). */
  done: string;
  /** The new invocation (kind `invocation`) or the new message id (kind `dlq-message`). */
  invocationId?: string;
  messageId?: string;
}
