import { randomBytes, randomUUID } from 'node:crypto';
import { xmlElement } from '../../../protocols/query.js';
import type { SnsEnv } from '../context.js';
import type { ConfirmationMessage } from '../envelope.js';
import { errors } from '../errors.js';
import { newSubscriptionArn, parseTopicArn } from '../names.js';
import { decodeToken, encodeToken, entryMap, required, xmlEntries } from '../query-input.js';
import type { SubscriptionRow, TopicRow } from '../store.js';
import {
  applySubscriptionAttribute,
  renderSubscriptionAttributes,
  type StoredSubscriptionAttributes,
  subscriptionAttributes,
} from '../subscription-attributes.js';
import { signatureVersionOf } from '../topic-attributes.js';
import { requireTopic } from '../topics.js';
import type { SnsOperation } from './types.js';

const PAGE = 100;
const PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose']);
/** Protocols whose endpoint must confirm before it gets messages. */
const NEEDS_CONFIRMATION = new Set(['http', 'https', 'email', 'email-json']);

function checkEndpoint(protocol: string, endpoint: string | undefined, topic: TopicRow): string {
  if (endpoint === undefined || endpoint === '') throw errors.invalidParameter('Invalid parameter: Endpoint');
  switch (protocol) {
    case 'sqs':
      if (!/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/.test(endpoint)) throw errors.invalidParameter('Invalid parameter: SQS endpoint ARN');
      if (!topic.fifo && endpoint.endsWith('.fifo')) {
        throw errors.invalidParameter('Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
      }
      return endpoint;
    case 'lambda':
      if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/.test(endpoint))
        throw errors.invalidParameter('Invalid parameter: Lambda endpoint ARN');
      return endpoint;
    case 'http':
    case 'https':
      if (!endpoint.toLowerCase().startsWith(`${protocol}://`)) throw errors.invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
      try {
        new URL(endpoint);
      } catch {
        throw errors.invalidParameter('Invalid parameter: Endpoint');
      }
      return endpoint;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)) throw errors.invalidParameter('Invalid parameter: Email address');
      return endpoint;
    case 'sms': {
      const reduced = endpoint.replace(/[-. ()]/g, '');
      if (!/^\+?[1-9]\d{1,14}$/.test(reduced)) throw errors.invalidParameter(`Invalid SMS endpoint: ${endpoint}`);
      return reduced.startsWith('+') ? reduced : `+${reduced}`;
    }
    case 'application':
      // Tributary has no platform applications, so no endpoint ARN can exist.
      throw errors.invalidParameter(`Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn${endpoint}`);
    default:
      throw errors.invalidParameter('Invalid parameter: Tributary does not deliver to Amazon Data Firehose');
  }
}

export const subscribe: SnsOperation = (env, params, call) => {
  const topic = requireTopic(env, required(params, 'TopicArn'));
  const protocol = required(params, 'Protocol').toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw errors.invalidParameter(`Invalid parameter: Amazon SNS does not support this protocol string: ${protocol}`);
  const endpoint = checkEndpoint(protocol, params.get('Endpoint'), topic);
  let attributes: StoredSubscriptionAttributes = {};
  const given = entryMap(params, 'Attributes') ?? {};
  // The scope first, so the policy is checked in it.
  for (const name of Object.keys(given).sort((a, b) => (a === 'FilterPolicyScope' ? -1 : b === 'FilterPolicyScope' ? 1 : 0))) {
    attributes = applySubscriptionAttribute(attributes, protocol, name, given[name]!);
  }
  const returnArn = (params.get('ReturnSubscriptionArn') ?? '').toLowerCase() === 'true';
  const existing = env.tables.subscriptionsOf(topic.arn).find((s) => s.protocol === protocol && s.endpoint === endpoint);
  if (existing) {
    const stored = subscriptionAttributes(existing);
    for (const [key, value] of Object.entries(attributes)) {
      if (stored[key as keyof StoredSubscriptionAttributes] !== value)
        throw errors.invalidParameter('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
    }
    return xmlElement('SubscriptionArn', existing.confirmed || returnArn ? existing.arn : 'pending confirmation');
  }
  const confirmed = !NEEDS_CONFIRMATION.has(protocol);
  const token = confirmed ? null : randomBytes(128).toString('hex');
  const now = env.deps.clock.now();
  const row: SubscriptionRow = {
    arn: newSubscriptionArn(topic.arn),
    topic_arn: topic.arn,
    account_id: topic.account_id,
    region: topic.region,
    protocol,
    endpoint,
    owner: call.accountId,
    attributes: JSON.stringify(attributes),
    confirmed: confirmed ? 1 : 0,
    token,
    created_at: now,
  };
  const delivery = {
    subscription_arn: row.arn,
    kind: 'confirmation' as const,
    message: JSON.stringify({
      type: 'SubscriptionConfirmation',
      messageId: randomUUID(),
      topicArn: topic.arn,
      token: token ?? '',
      timestamp: new Date(now).toISOString(),
      signatureVersion: signatureVersionOf(topic),
    } satisfies ConfirmationMessage),
    group_key: null,
    attempt: 0,
    due_at: now,
    created_at: now,
  };
  let id = 0;
  env.tables.db.transaction(() => {
    env.tables.insertSubscription(row);
    if (!confirmed) id = env.tables.insertDelivery(delivery);
  })();
  if (!confirmed) env.dispatcher.enqueue([{ id, ...delivery }]);
  return xmlElement('SubscriptionArn', confirmed || returnArn ? row.arn : 'pending confirmation');
};

export const confirmSubscription: SnsOperation = (env, params) => {
  const topicArn = required(params, 'TopicArn');
  const token = required(params, 'Token');
  if (!parseTopicArn(topicArn)) throw errors.invalidParameter('Invalid parameter: TopicArn');
  if (!env.tables.topic(topicArn)) throw errors.topicNotFound();
  const sub = env.tables.subscriptionsOf(topicArn).find((s) => s.token === token);
  if (!sub) throw errors.invalidParameter('Invalid token');
  if (!sub.confirmed) env.tables.confirm(sub.arn);
  return xmlElement('SubscriptionArn', sub.arn);
};

function requireSubscription(env: SnsEnv, arn: string): SubscriptionRow {
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w.-]+:[\w-]+$/.test(arn)) throw errors.invalidParameter('Invalid parameter: SubscriptionArn');
  const sub = env.tables.subscription(arn);
  if (!sub) throw errors.subscriptionNotFound();
  return sub;
}

export const unsubscribe: SnsOperation = (env, params) => {
  const arn = required(params, 'SubscriptionArn');
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w.-]+:[\w-]+$/.test(arn)) throw errors.invalidParameter('Invalid parameter: SubscriptionArn');
  env.tables.deleteSubscription(arn);
  return undefined;
};

export const getSubscriptionAttributes: SnsOperation = (env, params) => {
  const sub = requireSubscription(env, required(params, 'SubscriptionArn'));
  return `<Attributes>${xmlEntries(renderSubscriptionAttributes(sub, env.tables.topic(sub.topic_arn)))}</Attributes>`;
};

export const setSubscriptionAttributes: SnsOperation = (env, params) => {
  const sub = requireSubscription(env, required(params, 'SubscriptionArn'));
  const next = applySubscriptionAttribute(subscriptionAttributes(sub), sub.protocol, required(params, 'AttributeName'), params.get('AttributeValue') ?? '');
  env.tables.setSubscriptionAttributes(sub.arn, JSON.stringify(next));
  return undefined;
};

function listing(rows: SubscriptionRow[], token: string | undefined): string {
  const after = decodeToken(token);
  const start = after === undefined ? 0 : rows.findIndex((r) => r.arn === after) + 1;
  const page = rows.slice(start, start + PAGE);
  const members = page
    .map(
      (s) =>
        `<member>${xmlElement('SubscriptionArn', s.confirmed ? s.arn : 'PendingConfirmation')}${xmlElement('Owner', s.owner)}${xmlElement('Protocol', s.protocol)}` +
        `${xmlElement('Endpoint', s.endpoint)}${xmlElement('TopicArn', s.topic_arn)}</member>`,
    )
    .join('');
  const next = start + PAGE < rows.length ? xmlElement('NextToken', encodeToken(page[page.length - 1]!.arn)) : '';
  return `<Subscriptions>${members}</Subscriptions>${next}`;
}

export const listSubscriptions: SnsOperation = (env, params, call) => listing(env.tables.subscriptionsIn(call.accountId, call.region), params.get('NextToken'));

export const listSubscriptionsByTopic: SnsOperation = (env, params) => {
  const topic = requireTopic(env, required(params, 'TopicArn'));
  return listing(env.tables.subscriptionsOf(topic.arn), params.get('NextToken'));
};
