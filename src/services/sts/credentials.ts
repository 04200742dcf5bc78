import { createHash, randomBytes } from 'node:crypto';
import { temporarySecretFor } from '../../auth/credentials.js';
import { newAccessKeyId } from '../../server/access-key-account.js';

/** Who temporary credentials were issued to; carried inside their session token. */
export interface SessionIdentity {
  account: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` for role sessions. */
  assumedRoleArn?: string;
  /** `AROA…:<session>` for role sessions. */
  assumedRoleId?: string;
}

export interface TemporaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601, seconds precision, as STS writes it. */
  Expiration: string;
}

// Tributary accepts any signature, so a session token only needs to say whose session it is.
const TOKEN_PREFIX = 'IQoJb3JpZ2luX2VjT3JpYnV0YXJ5';

/** Credentials usable against Tributary: the key id decodes to `identity.account`. */
export function issueCredentials(identity: SessionIdentity, expiresAt: number): TemporaryCredentials {
  const payload = Buffer.from(JSON.stringify({ ...identity, n: randomBytes(8).toString('hex') })).toString('base64');
  const accessKeyId = newAccessKeyId(identity.account);
  return {
    AccessKeyId: accessKeyId,
    // Derived from the key id, so that --enforce-auth can verify what it signs.
    SecretAccessKey: temporarySecretFor(accessKeyId),
    SessionToken: TOKEN_PREFIX + payload,
    Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** The identity a session token Tributary issued carries, or undefined for any other token. */
export function identityOfSessionToken(token: string | undefined): SessionIdentity | undefined {
  if (!token?.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64').toString('utf8')) as SessionIdentity;
    return typeof value.account === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A role's unique id (`AROA` + 17 characters), stable for its ARN as AWS's is for a role. */
export function roleIdOf(roleArn: string): string {
  const digest = createHash('sha256').update(roleArn).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! % 32];
  return id;
}
