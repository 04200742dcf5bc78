/**
 * Delivery retry policies. HTTP/S endpoints follow the topic's (or the subscription's) delivery
 * policy; AWS-managed endpoints (SQS, Lambda) follow AWS's fixed policy: 3 immediate retries, 2 at
 * 1 s, 10 backing off exponentially from 1 s to 20 s, then 100,000 at 20 s (100,015 attempts).
 */
export interface HealthyRetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

export const DEFAULT_HTTP_RETRY_POLICY: HealthyRetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};

/** A topic's `EffectiveDeliveryPolicy` when none was set. */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: DEFAULT_HTTP_RETRY_POLICY,
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
};

const MANAGED_RETRY_POLICY: HealthyRetryPolicy = {
  minDelayTarget: 1,
  maxDelayTarget: 20,
  numRetries: 100_015 - 1,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  backoffFunction: 'exponential',
};

/** The retry policy a subscription's deliveries follow. */
export function retryPolicyFor(protocol: string, topicPolicy: string | undefined, subscriptionPolicy: string | undefined): HealthyRetryPolicy {
  if (protocol !== 'http' && protocol !== 'https') return MANAGED_RETRY_POLICY;
  const topic = parse(topicPolicy) as { http?: { defaultHealthyRetryPolicy?: Partial<HealthyRetryPolicy>; disableSubscriptionOverrides?: boolean } };
  const base = { ...DEFAULT_HTTP_RETRY_POLICY, ...(topic.http?.defaultHealthyRetryPolicy ?? {}) };
  if (topic.http?.disableSubscriptionOverrides) return base;
  const sub = parse(subscriptionPolicy) as { healthyRetryPolicy?: Partial<HealthyRetryPolicy> };
  return { ...base, ...(sub.healthyRetryPolicy ?? {}) };
}

function parse(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Seconds to wait before retry `retry` (1 for the first retry), or undefined when none is left. */
export function retryDelaySeconds(policy: HealthyRetryPolicy, retry: number): number | undefined {
  if (retry > policy.numRetries) return undefined;
  const { numNoDelayRetries: none, numMinDelayRetries: atMin, numMaxDelayRetries: atMax, minDelayTarget: min, maxDelayTarget: max } = policy;
  if (retry <= none) return 0;
  if (retry <= none + atMin) return min;
  const backoff = Math.max(0, policy.numRetries - none - atMin - atMax);
  const i = retry - none - atMin;
  if (i > backoff) return max;
  const f = i / backoff;
  switch (policy.backoffFunction) {
    case 'exponential':
      return min * (max / Math.max(min, 1e-9)) ** f;
    case 'geometric':
      return min + (max - min) * f ** 2;
    case 'arithmetic':
      return min + ((max - min) * (i * (i + 1))) / (backoff * (backoff + 1));
    default:
      return min + (max - min) * f;
  }
}
