import { AwsError } from '../../protocols/aws-error.js';

const WEEK_SECONDS = 604800;

/** `2026-11-26T17:30:00Z`: how S3 writes times in its expiry errors (no milliseconds). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261126T173000Z` (SigV4's X-Amz-Date) as epoch milliseconds. */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/**
 * Presigned URLs stop working when they expire: SigV4 after X-Amz-Date + X-Amz-Expires, SigV2 at
 * Expires (epoch seconds). S3 answers 403 AccessDenied "Request has expired".
 */
export function checkPresignedExpiry(query: URLSearchParams, now: number): void {
  const expiresIn = query.get('X-Amz-Expires');
  const signedAt = query.get('X-Amz-Date');
  if (query.get('X-Amz-Algorithm') !== null && expiresIn !== null && signedAt !== null) {
    const seconds = Number(expiresIn);
    if (/^-\d+$/.test(expiresIn)) {
      throw new AwsError('AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative', 400);
    }
    if (!/^\d+$/.test(expiresIn)) {
      throw new AwsError('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number', 400);
    }
    if (seconds > WEEK_SECONDS) {
      throw new AwsError('AuthorizationQueryParametersError', `X-Amz-Expires must be less than a week (in seconds) that is ${WEEK_SECONDS}`, 400);
    }
    const start = parseAmzDate(signedAt);
    if (start === undefined) return;
    const expires = start + seconds * 1000;
    if (now > expires) {
      throw new AwsError('AccessDenied', 'Request has expired', 403, {
        'X-Amz-Expires': expiresIn,
        Expires: isoSeconds(expires),
        ServerTime: isoSeconds(now),
      });
    }
    return;
  }
  const legacy = query.get('Expires');
  if (query.get('Signature') !== null && query.get('AWSAccessKeyId') !== null && legacy !== null && /^\d+$/.test(legacy)) {
    const expires = Number(legacy) * 1000;
    if (now > expires) throw new AwsError('AccessDenied', 'Request has expired', 403, { Expires: isoSeconds(expires), ServerTime: isoSeconds(now) });
  }
}
