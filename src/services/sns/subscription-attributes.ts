import { errors } from './errors.js';
import { checkFilterPolicy, type FilterPolicyScope } from './filter-policy.js';
import type { SubscriptionRow, TopicRow } from './store.js';
import { effectiveDeliveryPolicy } from './topic-attributes.js';

/** What a subscription's `attributes` column keeps: the attributes users set. */
export type StoredSubscriptionAttributes = Partial<
  Record<'DeliveryPolicy' | 'FilterPolicy' | 'FilterPolicyScope' | 'RawMessageDelivery' | 'RedrivePolicy' | 'SubscriptionRoleArn' | 'ReplayPolicy', string>
>;

const SETTABLE = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
const RAW_PROTOCOLS = new Set(['sqs', 'http', 'https', 'firehose']);

export function subscriptionAttributes(sub: SubscriptionRow): StoredSubscriptionAttributes {
  return JSON.parse(sub.attributes) as StoredSubscriptionAttributes;
}

/** Applies one attribute to a copy of `current`, validated as SNS validates it. */
export function applySubscriptionAttribute(current: StoredSubscriptionAttributes, protocol: string, name: string, value: string): StoredSubscriptionAttributes {
  if (!SETTABLE.has(name)) throw errors.invalidParameter('Invalid parameter: AttributeName');
  const next: StoredSubscriptionAttributes = { ...current };
  const key = name as keyof StoredSubscriptionAttributes;
  switch (name) {
    case 'RawMessageDelivery': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        throw errors.invalidParameter(`Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      if (!RAW_PROTOCOLS.has(protocol))
        throw errors.invalidParameter(`Invalid parameter: Attributes Reason: Delivery protocol [${protocol}] does not support raw message delivery.`);
      next.RawMessageDelivery = lower;
      return next;
    }
    case 'FilterPolicyScope': {
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw errors.invalidParameter(
          `Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      if (next.FilterPolicy) checkFilterPolicy(next.FilterPolicy, value);
      next.FilterPolicyScope = value;
      return next;
    }
    case 'FilterPolicy': {
      if (value === '' || value.trim() === '{}') {
        delete next.FilterPolicy;
        return next;
      }
      checkFilterPolicy(value, (next.FilterPolicyScope as FilterPolicyScope | undefined) ?? 'MessageAttributes');
      next.FilterPolicy = value;
      return next;
    }
    case 'RedrivePolicy': {
      if (value === '') {
        delete next.RedrivePolicy;
        return next;
      }
      let target: unknown;
      try {
        target = (JSON.parse(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
      } catch {
        throw errors.invalidParameter('Invalid parameter: RedrivePolicy: failed to parse JSON.');
      }
      if (typeof target !== 'string' || !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/.test(target)) {
        throw errors.invalidParameter('Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
      }
      next.RedrivePolicy = value;
      return next;
    }
    case 'DeliveryPolicy': {
      if (value !== '') {
        try {
          JSON.parse(value);
        } catch {
          throw errors.invalidParameter('Invalid parameter: DeliveryPolicy: failed to parse JSON.');
        }
      }
      break;
    }
  }
  if (value === '') delete next[key];
  else next[key] = value;
  return next;
}

/** GetSubscriptionAttributes' map. */
export function renderSubscriptionAttributes(sub: SubscriptionRow, topic: TopicRow | undefined): Record<string, string> {
  const stored = subscriptionAttributes(sub);
  const out: Record<string, string> = {
    Owner: sub.owner,
    RawMessageDelivery: stored.RawMessageDelivery ?? 'false',
    TopicArn: sub.topic_arn,
    Endpoint: sub.endpoint,
    Protocol: sub.protocol,
    PendingConfirmation: sub.confirmed ? 'false' : 'true',
    ConfirmationWasAuthenticated: sub.confirmed ? 'true' : 'false',
    SubscriptionArn: sub.arn,
    SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
  };
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    const topicPolicy = JSON.parse(effectiveDeliveryPolicy(topic)) as { http: { defaultHealthyRetryPolicy: unknown; defaultRequestPolicy?: unknown } };
    const own = stored.DeliveryPolicy
      ? (JSON.parse(stored.DeliveryPolicy) as { healthyRetryPolicy?: object; requestPolicy?: object; throttlePolicy?: object })
      : {};
    out.EffectiveDeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: { ...(topicPolicy.http.defaultHealthyRetryPolicy as object), ...(own.healthyRetryPolicy ?? {}) },
      ...(own.throttlePolicy ? { throttlePolicy: own.throttlePolicy } : {}),
      requestPolicy: { headerContentType: 'text/plain; charset=UTF-8', ...(own.requestPolicy ?? {}) },
      guaranteed: false,
      sicklyRetryPolicy: null,
    });
  }
  for (const name of ['DeliveryPolicy', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy'] as const)
    if (stored[name] !== undefined) out[name] = stored[name]!;
  // FilterPolicyScope is reported only with a FilterPolicy, defaulting to MessageAttributes.
  if (stored.FilterPolicy) {
    out.FilterPolicy = stored.FilterPolicy;
    out.FilterPolicyScope = stored.FilterPolicyScope ?? 'MessageAttributes';
  }
  return out;
}
