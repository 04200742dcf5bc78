import type { SqsOperation } from '../context.js';
import { type AttributeValue, md5OfAttributes } from '../md5.js';
import type { Delivery } from '../messages.js';
import { parseAttributes, systemAttributesOf } from '../messages.js';
import type { Queue } from '../queues.js';
import { numberAttribute } from '../queues.js';
import { checkInt } from '../validation.js';

const ATTEMPT_WINDOW_MS = 5 * 60_000;

export const receiveMessage: SqsOperation = async (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const max = checkInt(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = checkInt(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200, 'Must be >= 0 and <= 43200, if provided.');
  const wait =
    checkInt(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ??
    numberAttribute(queue, 'ReceiveMessageWaitTimeSeconds');
  // FIFO `ReceiveRequestAttemptId`: a retried receive within 5 minutes gets the same answer.
  const attempts = env.receiveAttempts;
  const attemptId = queue.fifo && typeof input.ReceiveRequestAttemptId === 'string' ? `${queue.id}:${input.ReceiveRequestAttemptId}` : undefined;
  const now = env.clock.now();
  if (attemptId) {
    const previous = attempts.get(attemptId);
    if (previous && now - previous.at < ATTEMPT_WINDOW_MS) return previous.output;
  }
  const deliveries = await env.messages.receive(queue, { max, waitMs: wait * 1000, visibilityTimeoutSeconds: visibility, signal: call.signal });
  const systemNames = [
    ...(Array.isArray(input.AttributeNames) ? (input.AttributeNames as unknown[]).map(String) : []),
    ...(Array.isArray(input.MessageSystemAttributeNames) ? (input.MessageSystemAttributeNames as unknown[]).map(String) : []),
  ];
  const userNames = Array.isArray(input.MessageAttributeNames) ? (input.MessageAttributeNames as unknown[]).map(String) : [];
  const output = deliveries.length > 0 ? { Messages: deliveries.map((d) => renderMessage(queue, d, systemNames, userNames)) } : {};
  if (attemptId) {
    for (const [key, entry] of attempts) if (now - entry.at >= ATTEMPT_WINDOW_MS) attempts.delete(key);
    attempts.set(attemptId, { at: now, output });
  }
  return output;
};

export function renderMessage(queue: Queue, delivery: Delivery, systemNames: readonly string[], userNames: readonly string[]): Record<string, unknown> {
  const { row } = delivery;
  const message: Record<string, unknown> = {
    MessageId: row.message_id,
    ReceiptHandle: delivery.receiptHandle,
    MD5OfBody: row.md5_body,
    Body: row.body,
  };
  if (systemNames.length > 0) {
    const all = systemNames.includes('All');
    const attributes = Object.fromEntries(Object.entries(systemAttributesOf(row, queue)).filter(([name]) => all || systemNames.includes(name)));
    if (Object.keys(attributes).length > 0) message.Attributes = attributes;
  }
  const user = parseAttributes(row.message_attributes);
  if (user && userNames.length > 0) {
    const chosen: Record<string, AttributeValue> = {};
    const rendered: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(user)) {
      if (!userNames.some((pattern) => matchesAttributeName(pattern, name))) continue;
      chosen[name] = value;
      rendered[name] = {
        DataType: value.DataType,
        ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue.toString('base64') } : {}),
      };
    }
    // The digest covers exactly the attributes returned, and comes only with them.
    if (Object.keys(rendered).length > 0) {
      message.MD5OfMessageAttributes =
        Object.keys(chosen).length === Object.keys(user).length && row.md5_attributes ? row.md5_attributes : md5OfAttributes(chosen);
      message.MessageAttributes = rendered;
    }
  }
  return message;
}

function matchesAttributeName(pattern: string, name: string): boolean {
  if (pattern === 'All' || pattern === '.*') return true;
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}
