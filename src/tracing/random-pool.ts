import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from a pool refilled 4 KB at a time: trace ids and receipt tokens take a few
 * bytes per message, and a crypto call for each costs more than the bytes.
 */
const POOL_BYTES = 4096;
let pool = Buffer.allocUnsafe(0);
let offset = 0;

function take(bytes: number): number {
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(Math.max(POOL_BYTES, bytes)));
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
  const start = take(bytes);
  return pool.toString('hex', start, start + bytes);
}

/** `bytes` random bytes as unpadded base64url. */
export function randomBase64url(bytes: number): string {
  const start = take(bytes);
  return pool.toString('base64url', start, start + bytes);
}
