import type { SqsOperation } from '../context.js';
import { errors } from '../errors.js';

export const MAX_TAGS = 50;

export const tagQueue: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const tags = input.Tags;
  if (!tags || typeof tags !== 'object' || Object.keys(tags).length === 0) throw errors.missingParameter('Tags');
  const merged = { ...queue.tags, ...Object.fromEntries(Object.entries(tags as Record<string, unknown>).map(([k, v]) => [k, String(v)])) };
  if (Object.keys(merged).length > MAX_TAGS) throw errors.tooManyTags(queue.name);
  env.tables.updateQueueTags.run(JSON.stringify(merged), queue.id);
  env.registry.refresh(queue.id);
  return undefined;
};

export const untagQueue: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  const keys = input.TagKeys;
  if (!Array.isArray(keys) || keys.length === 0) throw errors.missingParameter('TagKeys');
  const remaining = { ...queue.tags };
  for (const key of keys) delete remaining[String(key)];
  env.tables.updateQueueTags.run(JSON.stringify(remaining), queue.id);
  env.registry.refresh(queue.id);
  return undefined;
};

export const listQueueTags: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
};
