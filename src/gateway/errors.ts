import { AwsError } from '../protocols/aws-error.js';

/** AWS's 429 for a function at its concurrency limit. */
export function throttled(reason: string): AwsError {
  return new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, { Reason: reason });
}

export const RECURSIVE_INVOCATION_MESSAGE =
  "Lambda has detected your function being invoked in a recursive loop with other Amazon Web Services resources and stopped your function's invocation.";
