import { xmlElement } from '../../../protocols/query.js';
import { errors } from '../errors.js';
import { checkTopicName, topicArnOf } from '../names.js';
import { decodeToken, encodeToken, entryMap, required, tagList, xmlEntries } from '../query-input.js';
import { checkTags } from '../tags.js';
import { requireTopic } from '../topics.js';
import { checkTopicAttribute, defaultTopicPolicy, effectiveDeliveryPolicy, type StoredTopicAttributes } from '../topic-attributes.js';
import type { SnsOperation } from './types.js';

const PAGE = 100;

export const createTopic: SnsOperation = (env, params, call) => {
  const name = required(params, 'Name');
  const given = entryMap(params, 'Attributes') ?? {};
  const fifo = (given.FifoTopic ?? '').toLowerCase() === 'true';
  checkTopicName(name, fifo || name.endsWith('.fifo'));
  if (name.endsWith('.fifo') && !fifo) {
    throw errors.invalidParameter(
      'Invalid parameter: Topic Name Reason: Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
    );
  }
  const attributes: StoredTopicAttributes = {};
  for (const [key, value] of Object.entries(given)) attributes[key] = checkTopicAttribute(key, value, fifo, true);
  const tags = tagList(params);
  if (tags) checkTags(tags);
  const arn = topicArnOf(call.region, call.accountId, name);
  const existing = env.tables.topic(arn);
  if (existing) {
    // Creating an existing topic is idempotent only with the same attributes and tags.
    const stored = JSON.parse(existing.attributes) as StoredTopicAttributes;
    for (const [key, value] of Object.entries(attributes)) {
      const current = key === 'FifoTopic' ? (existing.fifo ? 'true' : 'false') : stored[key];
      if ((current ?? '') !== value) throw errors.invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
    }
    if (tags) {
      const storedTags = JSON.parse(existing.tags) as Record<string, string>;
      if (tags.some((t) => storedTags[t.Key] !== t.Value))
        throw errors.invalidParameter('Invalid parameter: Tags Reason: Topic already exists with different tags');
    }
    return xmlElement('TopicArn', arn);
  }
  delete attributes.FifoTopic;
  env.tables.insertTopic({
    arn,
    account_id: call.accountId,
    region: call.region,
    name,
    fifo: fifo ? 1 : 0,
    attributes: JSON.stringify(fifo ? { ContentBasedDeduplication: 'false', ...attributes } : attributes),
    tags: JSON.stringify(Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]))),
    data_protection_policy: null,
    sequence: 0,
    subscriptions_deleted: 0,
    created_at: env.deps.clock.now(),
  });
  return xmlElement('TopicArn', arn);
};

export const deleteTopic: SnsOperation = (env, params) => {
  const arn = required(params, 'TopicArn');
  requireTopicArnShape(arn);
  // Deleting a topic that does not exist succeeds, as in AWS.
  if (env.tables.topic(arn)) env.tables.deleteTopic(arn);
  return undefined;
};

function requireTopicArnShape(arn: string): void {
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w.-]+$/.test(arn)) throw errors.invalidParameter('Invalid parameter: TopicArn');
}

export const getTopicAttributes: SnsOperation = (env, params) => {
  const topic = requireTopic(env, required(params, 'TopicArn'));
  const stored = JSON.parse(topic.attributes) as StoredTopicAttributes;
  const subs = env.tables.subscriptionsOf(topic.arn);
  const out: Record<string, string> = {
    Policy: stored.Policy || defaultTopicPolicy(topic.arn, topic.account_id),
    Owner: topic.account_id,
    SubscriptionsPending: String(subs.filter((s) => !s.confirmed).length),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: effectiveDeliveryPolicy(topic),
    SubscriptionsConfirmed: String(subs.filter((s) => s.confirmed).length),
    DisplayName: stored.DisplayName ?? '',
    SubscriptionsDeleted: String(topic.subscriptions_deleted),
  };
  for (const [key, value] of Object.entries(stored)) if (key !== 'Policy' && key !== 'DisplayName' && key !== 'DataProtectionPolicy') out[key] = value;
  if (topic.fifo) out.FifoTopic = 'true';
  return `<Attributes>${xmlEntries(out)}</Attributes>`;
};

export const setTopicAttributes: SnsOperation = (env, params) => {
  const topic = requireTopic(env, required(params, 'TopicArn'));
  const name = required(params, 'AttributeName');
  const value = params.get('AttributeValue') ?? '';
  const checked = checkTopicAttribute(name, value, topic.fifo === 1, false);
  const stored = JSON.parse(topic.attributes) as StoredTopicAttributes;
  if (checked === '' && name !== 'DisplayName') delete stored[name];
  else stored[name] = checked;
  env.tables.setTopicField(topic.arn, 'attributes', JSON.stringify(stored));
  return undefined;
};

export const listTopics: SnsOperation = (env, params, call) => {
  const after = decodeToken(params.get('NextToken')) ?? '';
  const rows = env.tables.topics(call.accountId, call.region, after, PAGE + 1);
  const page = rows.slice(0, PAGE);
  const members = page.map((t) => `<member>${xmlElement('TopicArn', t.arn)}</member>`).join('');
  const next = rows.length > PAGE ? xmlElement('NextToken', encodeToken(page[page.length - 1]!.arn)) : '';
  return `<Topics>${members}</Topics>${next}`;
};
