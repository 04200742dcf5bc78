import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (const b of randomBytes(length)) out += alphabet[b % alphabet.length];
  return out;
}

/** REST API and API key ids are ten lowercase letters and digits; resources, deployments, authorizers and plans six. */
export const newApiId = (): string => pick(ALPHABET, 10);
export const newChildId = (): string => pick(ALPHABET, 6);
/** An API key's value: 40 letters and digits, as CreateApiKey generates. */
export const newKeyValue = (): string => pick(ALPHANUMERIC, 40);
/** `x-amz-apigw-id` / `extendedRequestId`: 16 base64 characters ending in `=`. */
export const newExtendedRequestId = (): string => `${randomBytes(11).toString('base64').slice(0, 15)}=`;
