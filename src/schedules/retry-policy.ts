import type { Clock } from '../clock.js';
import type { Observations } from '../observations/bus.js';
import type { CorrelationIds } from '../observations/types.js';
import type { DueTimer } from './due-timer.js';

/**
 * The RetryPolicy EventBridge rules and Scheduler schedules share: by default 185 retries within
 * 24 hours, backing off exponentially from 1 s to at most 5 minutes between attempts.
 */
export interface RetryPolicy {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
}

const DEFAULT_RETRY_ATTEMPTS = 185;
const DEFAULT_EVENT_AGE_SECONDS = 86_400;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export type RetryDecision = { retryInMs: number } | { exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' };

/** After failed attempt number `attempt` (1 = the first) of a delivery first tried at `firstAt`: retry when, or give up why. */
export function nextRetry(policy: RetryPolicy | undefined, attempt: number, firstAt: number, now: number, delayScale = 1): RetryDecision {
  const maxAttempts = (policy?.MaximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS) + 1;
  const maxAgeMs = (policy?.MaximumEventAgeInSeconds ?? DEFAULT_EVENT_AGE_SECONDS) * 1000;
  const retryInMs = Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS) * delayScale;
  if (attempt >= maxAttempts) return { exhausted: 'MaximumRetryAttempts' };
  if (now + retryInMs - firstAt > maxAgeMs) return { exhausted: 'MaximumEventAgeInSeconds' };
  return { retryInMs };
}

/** What a durable delivery queue (EventBridge targets, Scheduler targets) needs to retry one of its rows. */
export interface RetryingQueue {
  clock: Clock;
  observations: Observations;
  retryDelayScale: number;
  store: { retryDelivery(seq: number, attempt: number, dueAt: number): void };
}

/**
 * A delivery failed: either its next attempt is stored, observed as `retry.scheduled` and the timer
 * armed for it (returns undefined), or the policy is spent and the reason is returned.
 */
export function scheduleRetry(
  queue: RetryingQueue,
  timer: DueTimer,
  row: { seq: number; attempt: number; first_at: number },
  policy: RetryPolicy | undefined,
  ids: CorrelationIds,
  reason: string,
): 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined {
  const now = queue.clock.now();
  const decision = nextRetry(policy, row.attempt, row.first_at, now, queue.retryDelayScale);
  if ('exhausted' in decision) return decision.exhausted;
  queue.store.retryDelivery(row.seq, row.attempt + 1, now + decision.retryInMs);
  if (queue.observations.wants('retry.scheduled')) {
    queue.observations.emit({ type: 'retry.scheduled', ids: { ...ids, attempt: row.attempt + 1 }, reason, delayMs: decision.retryInMs, usesAttempt: true });
  }
  timer.arm(now + decision.retryInMs);
  return undefined;
}
