import { defaultAttributes, redriveAllows, validateAttributes } from '../attributes.js';
import type { RedriveContext } from '../attributes.js';
import type { SqsEnv, SqsOperation } from '../context.js';
import { errors } from '../errors.js';
import { queueArn, queueUrl } from '../queues.js';
import type { Queue } from '../queues.js';
import { checkInt } from '../validation.js';
import { MAX_TAGS } from './tags.js';

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function redriveContext(env: SqsEnv, accountId: string, sourceArn: string): RedriveContext {
  return {
    accountId,
    queueFifo: (arn) => env.registry.findByArn(arn)?.fifo,
    allowsSource: (arn) => redriveAllows(env.registry.findByArn(arn)?.attributes.RedriveAllowPolicy, sourceArn),
  };
}

function stringMap(value: unknown, parameter: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.invalidParameterValue(`${parameter} must be a map.`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

export const createQueue: SqsOperation = (env, input, call) => {
  const name = input.QueueName;
  if (typeof name !== 'string' || name === '') throw errors.missingParameter('QueueName');
  const requested = stringMap(input.Attributes, 'Attributes');
  const fifo = String(requested.FifoQueue ?? '').toLowerCase() === 'true';
  if (fifo && (!name.endsWith('.fifo') || !NAME.test(`${name.slice(0, -5)}_fifo`))) {
    throw errors.invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!fifo && !NAME.test(name)) {
    throw errors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  const { accountId, region } = call.ctx;
  const attributes = validateAttributes(requested, fifo, 'create', redriveContext(env, accountId, queueArn(region, accountId, name)));
  const tags = stringMap(input.tags ?? input.Tags, 'tags');
  if (Object.keys(tags).length > MAX_TAGS) throw errors.tooManyTags(name);
  const existing = env.registry.find(accountId, region, name);
  if (!existing) checkNameNotHeld(env, accountId, region, name);
  if (existing) {
    if (existing.fifo !== fifo) throw errors.queueNameExists('FifoQueue');
    for (const [key, value] of Object.entries(attributes)) {
      if ((existing.attributes[key] ?? '') !== value) throw errors.queueNameExists(key);
    }
    return { QueueUrl: queueUrl(call.baseUrl, existing) };
  }
  const now = env.clock.now();
  const merged = { ...defaultAttributes(fifo), ...attributes };
  // A customer-managed KMS key replaces SQS-managed encryption.
  // KmsDataKeyReusePeriodSeconds is listed only when the caller set it.
  if (attributes.KmsMasterKeyId && attributes.SqsManagedSseEnabled === undefined) merged.SqsManagedSseEnabled = 'false';
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];
  env.tables.insertQueue.run({
    account_id: accountId,
    region,
    name,
    fifo: fifo ? 1 : 0,
    attributes: JSON.stringify(merged),
    tags: JSON.stringify(tags),
    created_at: now,
    modified_at: now,
  });
  return { QueueUrl: queueUrl(call.baseUrl, { accountId, region, name }) };
};

export const getQueueUrl: SqsOperation = (env, input, call) => {
  const name = input.QueueName;
  if (typeof name !== 'string' || name === '') throw errors.missingParameter('QueueName');
  const owner = typeof input.QueueOwnerAWSAccountId === 'string' && input.QueueOwnerAWSAccountId ? input.QueueOwnerAWSAccountId : call.ctx.accountId;
  const queue = env.registry.find(owner, call.ctx.region, name);
  if (!queue) throw errors.queueDoesNotExist(call.query);
  return { QueueUrl: queueUrl(call.baseUrl, queue) };
};

export const deleteQueue: SqsOperation = (env, input, call) => {
  const queue = env.registry.resolveUrl(input.QueueUrl, call.ctx, call.query);
  deleteQueueRows(env, queue);
  return undefined;
};

/** AWS holds a deleted queue's name for 60 seconds. */
function checkNameNotHeld(env: SqsEnv, accountId: string, region: string, name: string): void {
  const key = `${accountId}/${region}/${name}`;
  const deletedAt = env.deletedAt.get(key);
  if (deletedAt === undefined) return;
  if (env.clock.now() - deletedAt < env.recreateWaitMs) throw errors.queueDeletedRecently();
  env.deletedAt.delete(key);
}

export function deleteQueueRows(env: SqsEnv, queue: Queue): void {
  env.tables.db.transaction(() => {
    env.tables.deleteQueueMessages.run(queue.id);
    env.tables.deleteQueueDedup.run(queue.id);
    env.tables.deleteQueue.run(queue.id);
  })();
  env.registry.forget(queue.id);
  env.waiters.notify(queue.id);
  if (env.recreateWaitMs > 0) {
    const now = env.clock.now();
    for (const [key, at] of env.deletedAt) if (now - at >= env.recreateWaitMs) env.deletedAt.delete(key);
    env.deletedAt.set(`${queue.accountId}/${queue.region}/${queue.name}`, now);
  }
}

export const listQueues: SqsOperation = (env, input, call) => {
  const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
  const maxResults = checkInt(input.MaxResults, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
  let after = '';
  if (typeof input.NextToken === 'string' && input.NextToken) {
    after = Buffer.from(input.NextToken, 'base64').toString('utf8');
    if (!after) throw errors.invalidParameterValue('Invalid NextToken value.');
  }
  const names = env.registry.list(call.ctx.accountId, call.ctx.region).filter((q) => q.name.startsWith(prefix) && q.name > after);
  const limit = maxResults ?? 1000;
  const page = names.slice(0, limit);
  const output: Record<string, unknown> = {};
  if (page.length > 0) output.QueueUrls = page.map((q) => queueUrl(call.baseUrl, q));
  if (maxResults !== undefined && names.length > limit) output.NextToken = Buffer.from(page[page.length - 1]!.name).toString('base64');
  return output;
};
