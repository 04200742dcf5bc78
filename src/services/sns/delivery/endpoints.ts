import type { SqsSendRequest } from '../../../contracts.js';
import { Targets } from '../../../targets/index.js';
import type { SnsEnv } from '../context.js';
import { type ConfirmationMessage, confirmationEnvelope, lambdaEvent, notificationEnvelope, type PublishedMessage, textFor } from '../envelope.js';
import type { SnsAttribute } from '../message-attributes.js';
import type { DeliveryRow, SubscriptionRow } from '../store.js';
import { subscriptionAttributes } from '../subscription-attributes.js';
import { postNotification } from './http.js';
import { type AttemptOutcome, messageOf } from './outcome.js';

const USER_AGENT = 'Amazon Simple Notification Service Agent';

/** One attempt at one delivery row, by the subscription's protocol. */
export async function attemptDelivery(env: SnsEnv, sub: SubscriptionRow, row: DeliveryRow): Promise<AttemptOutcome> {
  if (row.kind === 'confirmation') return deliverConfirmation(env, sub, JSON.parse(row.message) as ConfirmationMessage);
  const message = JSON.parse(row.message) as PublishedMessage;
  const raw = subscriptionAttributes(sub).RawMessageDelivery === 'true';
  switch (sub.protocol) {
    case 'sqs':
      return deliverToQueue(env, sub.endpoint, renderForQueue(env, sub, message, raw), message);
    case 'lambda':
      return deliverToFunction(env, sub, message);
    case 'http':
    case 'https':
      return postNotification({
        url: sub.endpoint,
        body: raw ? textFor(message, sub.protocol) : JSON.stringify(notificationEnvelope(message, sub.protocol, sub.arn, env.urls(), env.signer)),
        headers: {
          ...snsHeaders('Notification', message.messageId, message.topicArn, env, sub),
          'x-amz-sns-subscription-arn': sub.arn,
          ...(raw ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
        },
      });
    default:
      recordDelivery(env, sub, message);
      return { kind: 'delivered' };
  }
}

function snsHeaders(type: string, messageId: string, topicArn: string, env: SnsEnv, sub: SubscriptionRow): Record<string, string> {
  return {
    'x-amz-sns-message-type': type,
    'x-amz-sns-message-id': messageId,
    'x-amz-sns-topic-arn': topicArn,
    'Content-Type': contentTypeOf(env, sub),
    'User-Agent': USER_AGENT,
  };
}

/** `defaultRequestPolicy.headerContentType` of the subscription's or topic's delivery policy. */
function contentTypeOf(env: SnsEnv, sub: SubscriptionRow): string {
  for (const text of [
    subscriptionAttributes(sub).DeliveryPolicy,
    env.tables.topic(sub.topic_arn) && JSON.parse(env.tables.topic(sub.topic_arn)!.attributes).DeliveryPolicy,
  ]) {
    if (typeof text !== 'string') continue;
    try {
      const policy = JSON.parse(text) as { requestPolicy?: { headerContentType?: string }; http?: { defaultRequestPolicy?: { headerContentType?: string } } };
      const type = policy.requestPolicy?.headerContentType ?? policy.http?.defaultRequestPolicy?.headerContentType;
      if (type) return type;
    } catch {
      // An unreadable policy falls back to AWS's default.
    }
  }
  return 'text/plain; charset=UTF-8';
}

async function deliverConfirmation(env: SnsEnv, sub: SubscriptionRow, confirmation: ConfirmationMessage): Promise<AttemptOutcome> {
  const envelope = confirmationEnvelope(confirmation, env.urls(), env.signer);
  if (sub.protocol !== 'http' && sub.protocol !== 'https') {
    recordBody(env, sub, confirmation.messageId, confirmation.type, undefined, String(envelope.Message), JSON.stringify(envelope));
    return { kind: 'delivered' };
  }
  return postNotification({
    url: sub.endpoint,
    body: JSON.stringify(envelope),
    headers: snsHeaders(confirmation.type, confirmation.messageId, confirmation.topicArn, env, sub),
  });
}

/** The SQS message a subscription's queue (or its dead-letter queue) gets: the JSON envelope, or the raw message with its attributes. */
export function renderForQueue(env: SnsEnv, sub: SubscriptionRow, message: PublishedMessage, raw: boolean): SqsSendRequest {
  const fifo = message.sequenceNumber !== undefined;
  const request: SqsSendRequest = raw
    ? { body: textFor(message, 'sqs'), messageAttributes: sqsAttributes(message.attributes) }
    : { body: JSON.stringify(notificationEnvelope(message, 'sqs', sub.arn, env.urls(), env.signer)) };
  if (message.traceHeader) request.traceHeader = message.traceHeader;
  if (fifo && message.groupId) request.messageGroupId = message.groupId;
  if (fifo && message.deduplicationId) request.messageDeduplicationId = message.deduplicationId;
  request.sender = 'aws:sns';
  request.causeIds = { messageIds: [message.messageId], sourceArn: message.topicArn, ...(message.requestId ? { requestId: message.requestId } : {}) };
  return request;
}

export async function deliverToQueue(env: SnsEnv, queueArn: string, request: SqsSendRequest, message: PublishedMessage): Promise<AttemptOutcome> {
  const sqs = env.deps.ports.sqs;
  if (!sqs) return { kind: 'server-error', error: 'no SQS service is running in this Tributary' };
  const queue = sqs.queueInfo(queueArn);
  if (!queue) return { kind: 'client-error', error: `the queue ${queueArn} does not exist` };
  // A standard queue takes no group id; a FIFO queue needs one, which a FIFO topic always has.
  const fitted = queue.fifo ? request : { ...request, messageGroupId: undefined, messageDeduplicationId: undefined };
  if (queue.fifo && !fitted.messageDeduplicationId) fitted.messageDeduplicationId = message.messageId;
  try {
    await sqs.sendMessage(queueArn, fitted);
    return { kind: 'delivered' };
  } catch (err) {
    return { kind: 'client-error', error: messageOf(err) };
  }
}

async function deliverToFunction(env: SnsEnv, sub: SubscriptionRow, message: PublishedMessage): Promise<AttemptOutcome> {
  const lambda = env.deps.ports.lambda;
  if (!lambda) return { kind: 'server-error', error: 'no Lambda service is running in this Tributary' };
  if (!lambda.functionExists(sub.endpoint)) return { kind: 'client-error', error: `the function ${sub.endpoint} does not exist` };
  try {
    await new Targets(env.deps).send(sub.endpoint, {
      body: JSON.stringify(lambdaEvent(message, sub.arn, env.urls(), env.signer)),
      traceHeader: message.traceHeader,
      sender: 'aws:sns',
      causeIds: { messageIds: [message.messageId], sourceArn: message.topicArn, ...(message.requestId ? { requestId: message.requestId } : {}) },
    });
    return { kind: 'delivered' };
  } catch (err) {
    return { kind: 'server-error', error: messageOf(err) };
  }
}

function sqsAttributes(attributes: Record<string, SnsAttribute>): NonNullable<SqsSendRequest['messageAttributes']> {
  const out: NonNullable<SqsSendRequest['messageAttributes']> = {};
  for (const [name, { Type, Value }] of Object.entries(attributes)) {
    out[name] = Type.startsWith('Binary') ? { DataType: Type, BinaryValue: Buffer.from(Value, 'base64') } : { DataType: Type, StringValue: Value };
  }
  return out;
}

/** Email, email-json and SMS: kept for inspection at `/_tributary-sns/messages`. */
function recordDelivery(env: SnsEnv, sub: SubscriptionRow, message: PublishedMessage): void {
  const text = textFor(message, sub.protocol);
  const body = sub.protocol === 'email-json' ? JSON.stringify(notificationEnvelope(message, 'email-json', sub.arn, env.urls(), env.signer)) : text;
  recordBody(env, sub, message.messageId, 'Notification', message.subject, text, body);
}

function recordBody(env: SnsEnv, sub: SubscriptionRow, messageId: string, type: string, subject: string | undefined, message: string, body: string): void {
  env.tables.record({
    account_id: sub.account_id,
    region: sub.region,
    protocol: sub.protocol,
    endpoint: sub.endpoint,
    topic_arn: sub.topic_arn,
    subscription_arn: sub.arn,
    message_id: messageId,
    type,
    subject: subject ?? null,
    message,
    body,
    created_at: env.deps.clock.now(),
  });
}
