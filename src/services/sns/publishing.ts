import { constraint, validationMessage } from '../../protocols/constraints.js';
import { createHash, randomUUID } from 'node:crypto';
import type { SnsCall, SnsEnv } from './context.js';
import type { PublishedMessage } from './envelope.js';
import { errors } from './errors.js';
import { type FilterPolicyScope, passesFilter } from './filter-policy.js';
import { attributesSize, checkMessageAttributes, type WireAttribute } from './message-attributes.js';
import type { DeliveryRow, TopicRow } from './store.js';
import { subscriptionAttributes } from './subscription-attributes.js';
import { contentBasedDeduplication, signatureVersionOf } from './topic-attributes.js';

export const MAX_MESSAGE_BYTES = 262_144;
const DEDUP_WINDOW_MS = 5 * 60_000;

export interface PublishInput {
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, WireAttribute>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

/** A message checked and ready to publish: what Publish and PublishBatch both validate first. */
export interface CheckedMessage {
  message: string;
  perProtocol?: Record<string, string>;
  subject?: string;
  attributes: PublishedMessage['attributes'];
  size: number;
}

/** Publish's rules on the message itself, worded as SNS words them. */
export function checkMessage(input: PublishInput): CheckedMessage {
  if (input.Message === undefined) throw errors.validation(validationMessage([{ at: 'message', value: null, constraint: constraint.notNull() }]));
  if (input.Message === '') throw errors.invalidParameter('Invalid parameter: Empty message');
  if (input.Subject !== undefined) {
    // ASCII text, no line breaks, not empty, under 100 characters.
    if (input.Subject === '' || input.Subject.length >= 100 || !/^[\x20-\x7e]+$/.test(input.Subject) || input.Subject.trim() === '') {
      throw errors.invalidParameter('Invalid parameter: Subject');
    }
  }
  const attributes = checkMessageAttributes(input.MessageAttributes);
  const size = Buffer.byteLength(input.Message) + attributesSize(attributes);
  if (size > MAX_MESSAGE_BYTES) throw errors.invalidParameter('Invalid parameter: Message too long');
  let perProtocol: Record<string, string> | undefined;
  let message = input.Message;
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== 'json') throw errors.invalidParameter('Invalid parameter: MessageStructure');
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.Message);
    } catch {
      throw errors.invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw errors.invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
    const entries = parsed as Record<string, unknown>;
    if (typeof entries.default !== 'string') throw errors.invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
    message = entries.default;
    perProtocol = {};
    for (const [protocol, text] of Object.entries(entries)) {
      if (typeof text === 'string') perProtocol[protocol] = text;
    }
  }
  return { message, perProtocol, subject: input.Subject, attributes, size };
}

/** FIFO and standard topics' rules on group and deduplication ids. */
export function checkFifoIds(topic: TopicRow, input: PublishInput): void {
  if (topic.fifo) {
    if (!input.MessageGroupId) throw errors.invalidParameter('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    if (!input.MessageDeduplicationId && !contentBasedDeduplication(topic)) {
      throw errors.invalidParameter(
        'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    for (const [name, value] of [
      ['MessageGroupId', input.MessageGroupId],
      ['MessageDeduplicationId', input.MessageDeduplicationId],
    ] as const) {
      if (value !== undefined && !/^[\x21-\x7e]{1,128}$/.test(value))
        throw errors.invalidParameter(
          `Invalid parameter: ${name} Reason: ${name} must be between 1 and 128 characters of ASCII letters, numbers and punctuation`,
        );
    }
    return;
  }
  if (input.MessageDeduplicationId !== undefined) {
    throw errors.invalidParameter(
      'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    );
  }
}

export interface Published {
  messageId: string;
  sequenceNumber?: string;
}

/**
 * Accepts a checked message on a topic: one delivery row per confirmed subscription whose filter
 * policy passes it, written in one transaction before the caller is answered; then each is
 * attempted at once.
 */
export function publishToTopic(env: SnsEnv, call: SnsCall, topic: TopicRow, checked: CheckedMessage, input: PublishInput): Published {
  const { tables, deps } = env;
  const now = deps.clock.now();
  const filtered: string[] = [];
  const rows: DeliveryRow[] = [];
  let result: Published | undefined;
  tables.db.transaction(() => {
    let deduplicationId: string | undefined;
    let sequenceNumber: string | undefined;
    if (topic.fifo) {
      deduplicationId = input.MessageDeduplicationId ?? createHash('sha256').update(input.Message!).digest('hex');
      const seen = tables.dedup(topic.arn, deduplicationId, now);
      if (seen) {
        result = { messageId: seen.message_id, sequenceNumber: seen.sequence_number };
        return;
      }
      sequenceNumber = tables.nextSequence(topic.arn);
    }
    const message: PublishedMessage = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      message: checked.message,
      ...(checked.perProtocol ? { perProtocol: checked.perProtocol } : {}),
      ...(checked.subject === undefined ? {} : { subject: checked.subject }),
      attributes: checked.attributes,
      timestamp: new Date(now).toISOString(),
      signatureVersion: signatureVersionOf(topic),
      ...(sequenceNumber === undefined ? {} : { sequenceNumber, groupId: input.MessageGroupId, deduplicationId }),
      ...(call.traceHeader ? { traceHeader: call.traceHeader } : {}),
      requestId: call.requestId,
    };
    if (topic.fifo) tables.remember(topic.arn, deduplicationId!, message.messageId, sequenceNumber!, now + DEDUP_WINDOW_MS);
    const text = JSON.stringify(message);
    for (const sub of tables.subscriptionsOf(topic.arn)) {
      if (!sub.confirmed) continue;
      const attributes = subscriptionAttributes(sub);
      if (attributes.FilterPolicy) {
        const scope = (attributes.FilterPolicyScope as FilterPolicyScope | undefined) ?? 'MessageAttributes';
        if (!passesFilter(attributes.FilterPolicy, scope, message.perProtocol?.[sub.protocol] ?? message.message, message.attributes)) {
          filtered.push(sub.arn);
          continue;
        }
      }
      const row = {
        subscription_arn: sub.arn,
        kind: 'notification' as const,
        message: text,
        group_key: topic.fifo ? `${sub.arn}\n${input.MessageGroupId}` : null,
        attempt: 0,
        due_at: now,
        created_at: now,
      };
      rows.push({ id: tables.insertDelivery(row), ...row });
    }
    result = { messageId: message.messageId, ...(sequenceNumber === undefined ? {} : { sequenceNumber }) };
  })();
  const published = result!;
  observePublished(env, call, topic.arn, published.messageId, rows.length, filtered);
  env.dispatcher.enqueue(rows);
  return published;
}

function observePublished(env: SnsEnv, call: SnsCall, topicArn: string, messageId: string, deliveries: number, filtered: readonly string[]): void {
  const { observations } = env.deps;
  const ids = { requestId: call.requestId, messageIds: [messageId], sourceArn: topicArn };
  if (observations.wants('sns.published')) observations.emit({ type: 'sns.published', ids, topicArn, messageId, deliveries });
  if (filtered.length > 0 && observations.wants('sns.filtered')) {
    for (const subscriptionArn of filtered) observations.emit({ type: 'sns.filtered', ids, subscriptionArn });
  }
}
