/**
 * What happens inside Tributary, as a typed stream. Every observation carries the ids that tie it
 * to its cause, so a reader can follow one event from the API call that accepted it, through the
 * batch it joined, to each invocation, retry, destination and dead-letter move.
 */

/** Ids that tie an observation to its cause; each is present where it applies. */
export interface CorrelationIds {
  /** The API request that accepted the work (S3 PutObject, SQS SendMessage, Lambda Invoke, ...). */
  requestId?: string;
  /** The Lambda request id of an invocation (the `context.awsRequestId` the function sees). */
  invocationId?: string;
  /** SQS message ids, stream sequence numbers or event ids the observation is about. */
  messageIds?: readonly string[];
  /** A batch an event source mapping gathered; every attempt at the same batch keeps it. */
  batchId?: string;
  /** Event source mapping UUID. */
  mappingUuid?: string;
  /** Unqualified function ARN. */
  functionArn?: string;
  /** ARN of the source (queue, bucket, stream, topic, rule). */
  sourceArn?: string;
  /** 1 for the first attempt at an event or batch, 2 for the first retry, ... */
  attempt?: number;
}

export type InvocationOutcomeKind = 'success' | 'function-error' | 'throttled' | 'not-invocable' | 'recursion-stopped' | 'not-found' | 'system-error';

/** Every kind of observation, by its `type`, with the fields it carries besides `ids`. */
export interface ObservationKinds {
  /** An AWS API request was answered. */
  'api.call': { service: string; operation: string; status: number; durationMs: number; errorCode?: string; accountId: string; region: string };
  /** A message was accepted into an SQS queue (by the API or by another service). */
  'message.sent': { queueArn: string; messageId: string; by: string };
  /** An S3 object was written or removed, and its notification configuration was read. */
  'object.event': { bucket: string; key: string; eventName: string; destinations: number };
  /** An event was accepted into the asynchronous invocation queue. */
  'event.accepted': { functionArn: string; source: string };
  /** An event source mapping gathered a batch from its source. */
  'batch.gathered': { size: number; bytes: number };
  /** Records a mapping's FilterCriteria rejected; they are acknowledged without invoking. */
  'batch.filtered': { dropped: number };
  /** A mapping's batch ended: every record acknowledged, some returned to the source, or retried. */
  'batch.finished': { size: number; outcome: InvocationOutcomeKind; failed: number; returned: number };
  /** A stream mapping gave up on records (retries exhausted or records too old) and moved past them. */
  'records.discarded': { size: number; condition: string };
  /** The function gateway is about to run a function. */
  'invocation.started': { source: string; qualifiedArn: string };
  /** The function gateway has an outcome. */
  'invocation.finished': { source: string; qualifiedArn: string; outcome: InvocationOutcomeKind; durationMs: number; errorType?: string; coldStart?: boolean };
  /** A failed invocation will be tried again. */
  'retry.scheduled': { reason: string; delayMs: number; usesAttempt: boolean };
  /** An event exceeded its maximum age (or a record its maximum record age) and was given up on. */
  'event.expired': { maximumAgeSeconds: number };
  /** An invocation record or event was delivered to a destination (on-success / on-failure). */
  'destination.delivered': { destinationArn: string; condition: string; delivered: boolean; error?: string };
  /** An event was sent to a dead-letter queue (a function's DLQ or a queue's redrive target). */
  'dlq.moved': { targetArn: string; reason: string; delivered: boolean; error?: string };
  /** A recursive loop was detected and the invocation stopped. */
  'loop.stopped': { count: number };
  /**
   * A push source's data plane (a load balancer, an API Gateway API) answered an HTTP request;
   * `ids.functionArn` when a function ran. APIs add their id, stage, matched route and integration.
   */
  'http.request': {
    source: string;
    method: string;
    path?: string;
    status: number;
    durationMs: number;
    apiId?: string;
    stage?: string;
    route?: string;
    integration?: string;
  };
  /** EventBridge accepted an event onto a bus (PutEvents, a service, a scheduled rule or a replay); `messageIds` holds the event id. */
  'events.put': { busArn: string; source: string; detailType: string; rules: number };
  /** An EventBridge rule matched an event (or a scheduled rule fired); its targets' deliveries are queued. */
  'rule.matched': { ruleArn: string; targets: number };
  /** An EventBridge rule's or a Scheduler schedule's target was tried: delivered, or failed (a retry or the DLQ follows). */
  'target.delivered': { ruleArn: string; targetArn: string; delivered: boolean; error?: string };
  /** An EventBridge Scheduler schedule fired (`sourceArn` is the schedule ARN). */
  'schedule.fired': { scheduleArn: string; scheduledTime: string; targetArn: string };
  /** An SNS topic accepted a message (Publish, PublishBatch, or another service); `deliveries` subscriptions will get it. */
  'sns.published': { topicArn: string; messageId: string; deliveries: number };
  /** One attempt at delivering an SNS message (or subscription confirmation) to one subscription. */
  'sns.delivery': {
    subscriptionArn: string;
    protocol: string;
    endpoint: string;
    delivered: boolean;
    /** HTTP/S endpoints: the response status. */
    status?: number;
    error?: string;
    /** Set when the attempt failed and another is scheduled. */
    retryInMs?: number;
  };
  /** A subscription's filter policy kept a message from it. */
  'sns.filtered': { subscriptionArn: string };
}

export type ObservationType = keyof ObservationKinds;

/** One observation as a producer hands it to `Observations.emit`. */
export type ObservationInput<T extends ObservationType = ObservationType> = {
  [K in T]: { type: K; ids: CorrelationIds } & ObservationKinds[K];
}[T];

/** One observation as subscribers receive it: numbered and timed by the bus. */
export type Observation<T extends ObservationType = ObservationType> = ObservationInput<T> & {
  /** Increases by one per observation since start. */
  seq: number;
  /** Epoch milliseconds of the injected clock. */
  time: number;
};

export const OBSERVATION_TYPES: readonly ObservationType[] = [
  'api.call',
  'message.sent',
  'object.event',
  'event.accepted',
  'batch.gathered',
  'batch.filtered',
  'batch.finished',
  'records.discarded',
  'invocation.started',
  'invocation.finished',
  'retry.scheduled',
  'event.expired',
  'destination.delivered',
  'dlq.moved',
  'loop.stopped',
  'http.request',
  'events.put',
  'rule.matched',
  'target.delivered',
  'schedule.fired',
  'sns.published',
  'sns.delivery',
  'sns.filtered',
];
