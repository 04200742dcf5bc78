/** What every HTTP event format reads off a request the same way. */
import type { IncomingMessage } from 'node:http';

/** Content types whose bodies reach a function as text; any other body is base64 with `isBase64Encoded`. */
export function isTextual(contentType: string | undefined): boolean {
  return !contentType || /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i.test(contentType);
}

/** The client's address, IPv4-mapped addresses as plain IPv4. */
export function sourceIpOf(req: IncomingMessage): string {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `02/Jun/2025:09:14:27 +0000`, the request time format of every API Gateway event. */
export function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The headers AWS's front end adds to what the function sees: `X-Forwarded-For` (the client's
 * address appended), `X-Forwarded-Port` and `X-Forwarded-Proto`, in the case given.
 */
export function forwardedHeaders(req: IncomingMessage, lowercase: boolean): [string, string][] {
  const prior = req.headers['x-forwarded-for'];
  const ip = sourceIpOf(req);
  const name = (n: string) => (lowercase ? n.toLowerCase() : n);
  return [
    [name('X-Forwarded-For'), prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${ip}` : ip],
    [name('X-Forwarded-Port'), String(req.socket.localPort ?? '')],
    [name('X-Forwarded-Proto'), 'http'],
  ];
}
