/** AWS's timing for asynchronous retries ("How Lambda handles errors and retries with asynchronous invocation"), multiplied by `asyncRetryDelayScale`. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;

const FUNCTION_ERROR_STEP_MS = 60_000;
const THROTTLE_FIRST_MS = 1_000;
const THROTTLE_MAX_MS = 300_000;

/** About 1 minute before the second attempt, about 2 minutes before the third. */
export function functionErrorDelayMs(functionErrors: number, scale: number): number {
  return FUNCTION_ERROR_STEP_MS * Math.max(1, functionErrors) * scale;
}

/** Throttles and system errors: exponential from about 1 second up to 5 minutes. */
export function requeueDelayMs(requeues: number, scale: number): number {
  return Math.min(THROTTLE_FIRST_MS * 2 ** Math.max(0, requeues), THROTTLE_MAX_MS) * scale;
}
