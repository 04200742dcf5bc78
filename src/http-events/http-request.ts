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
