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
