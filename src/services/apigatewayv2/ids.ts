import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A lowercase alphanumeric id as API Gateway makes them (10 characters for APIs, 7 for routes and integrations, 6 for the rest). */
export function newId(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

const BASE64_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `Yc3a8gGKIAMEV8Q=`: the 15 characters and `=` of API Gateway's request ids (`apigw-requestid`) and connection ids. */
export function newShortId(): string {
  return `${[...randomBytes(15)].map((b) => BASE64_SAFE[b % BASE64_SAFE.length]).join('')}=`;
}
