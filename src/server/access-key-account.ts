import { randomBytes } from 'node:crypto';

/**
 * AWS access key ids carry their account: the 16 base32 characters after the 4-letter prefix
 * decode to 10 bytes whose first 6 hold `account << 7` (the top bit and the low 7 bits are not
 * part of it). `aws sts get-access-key-info` reads it back the same way.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ACCOUNT_MASK = 0x7fffffffff80n;

/** A new access key id (`ASIA` for temporary credentials) that decodes to `accountId`. */
export function newAccessKeyId(accountId: string, prefix = 'ASIA'): string {
  const bytes = randomBytes(10);
  const packed = (BigInt(accountId) << 7n) | BigInt(bytes[5]! & 0x7f);
  for (let i = 0; i < 6; i++) bytes[i] = Number((packed >> BigInt(8 * (5 - i))) & 0xffn);
  return prefix + base32(bytes);
}

/** The account a 20-character access key id encodes, or undefined when it is not one. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  let bits = 0n;
  for (const c of accessKeyId.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(c));
  const first6 = bits >> 32n;
  return ((first6 & ACCOUNT_MASK) >> 7n).toString().padStart(12, '0');
}

function base32(bytes: Buffer): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = bytes.length * 8 - 5; i >= 0; i -= 5) out += BASE32[Number((bits >> BigInt(i)) & 31n)];
  return out;
}
