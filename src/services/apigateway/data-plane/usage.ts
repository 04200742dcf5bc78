import type { ApiGatewayEnv } from '../context.js';
import type { UsagePlan } from '../model.js';
import type { Failure } from './outcome.js';

const THROTTLED: Failure = { responseType: 'THROTTLED', status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' };
const QUOTA_EXCEEDED: Failure = { responseType: 'QUOTA_EXCEEDED', status: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' };

/** The start (epoch ms, UTC) of the quota period `now` falls in. */
function periodStart(period: string | undefined, now: number): number {
  const d = new Date(now);
  if (period === 'MONTH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'WEEK') return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return day;
}

/**
 * A usage plan's throttle (a token bucket per key: `burstLimit` tokens, `rateLimit` per second) and
 * quota (requests per DAY, WEEK or MONTH per key). Buckets live in memory; quota counts are kept in
 * the plan's store so they survive restarts.
 */
export class UsageLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly counts = new Map<string, { period: number; used: number }>();

  constructor(private readonly env: ApiGatewayEnv) {}

  admit(plan: UsagePlan, keyId: string): Failure | undefined {
    const now = this.env.clock.now();
    const throttle = plan.throttle;
    if (throttle && (throttle.burstLimit !== undefined || throttle.rateLimit !== undefined)) {
      const burst = Math.max(1, throttle.burstLimit ?? throttle.rateLimit ?? 1);
      const rate = throttle.rateLimit ?? burst;
      const id = `${plan.id}/${keyId}`;
      const bucket = this.buckets.get(id) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
      this.buckets.set(id, bucket);
      if (bucket.tokens < 1) return THROTTLED;
      bucket.tokens -= 1;
    }
    const limit = plan.quota?.limit;
    if (limit !== undefined) {
      const period = periodStart(plan.quota?.period, now);
      const id = `${plan.id}/${keyId}`;
      const count = this.counts.get(id) ?? this.env.store.usage(plan.id, keyId);
      const current = count.period === period ? count : { period, used: 0 };
      if (current.used >= limit) return QUOTA_EXCEEDED;
      current.used += 1;
      this.counts.set(id, current);
      this.env.store.saveUsage(plan.id, keyId, current);
    }
    return undefined;
  }
}
