import { ALL_ATTRIBUTE_NAMES, validateAttributes } from '../attributes.js';
import type { SqsOperation } from '../context.js';
import { errors } from '../errors.js';
import { redriveContext } from './queues.js';

export const getQueueAttributes: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as unknown[]).map(String) : [];
  for (const name of names) if (!ALL_ATTRIBUTE_NAMES.has(name)) throw errors.invalidAttributeName(name);
  if (names.length === 0) return {};
  const all = names.includes('All');
  const wanted = (name: string) => all || names.includes(name);
  const out: Record<string, string> = {};
  if (wanted('QueueArn')) out.QueueArn = queue.arn;
  if (wanted('ApproximateNumberOfMessages') || wanted('ApproximateNumberOfMessagesNotVisible') || wanted('ApproximateNumberOfMessagesDelayed')) {
    const counts = env.messages.counts(queue);
    if (wanted('ApproximateNumberOfMessages')) out.ApproximateNumberOfMessages = String(counts.visible);
    if (wanted('ApproximateNumberOfMessagesNotVisible')) out.ApproximateNumberOfMessagesNotVisible = String(counts.inflight);
    if (wanted('ApproximateNumberOfMessagesDelayed')) out.ApproximateNumberOfMessagesDelayed = String(counts.delayed);
  }
  if (wanted('CreatedTimestamp')) out.CreatedTimestamp = String(Math.floor(queue.createdAt / 1000));
  if (wanted('LastModifiedTimestamp')) out.LastModifiedTimestamp = String(Math.floor(queue.modifiedAt / 1000));
  for (const [name, value] of Object.entries(queue.attributes)) if (wanted(name)) out[name] = value;
  return Object.keys(out).length > 0 ? { Attributes: out } : {};
};

export const setQueueAttributes: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const raw = input.Attributes;
  if (!raw || typeof raw !== 'object') throw errors.missingParameter('Attributes');
  const requested = Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const changes = validateAttributes(requested, queue.fifo, 'set', redriveContext(env, queue.accountId, queue.arn));
  const merged = { ...queue.attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  env.tables.updateQueue.run(JSON.stringify(merged), env.clock.now(), queue.id);
  env.registry.refresh(queue.id);
  return undefined;
};
