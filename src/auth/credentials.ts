import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { accountOfAccessKeyId } from '../server/access-key-account.js';

/** One access key of one account, as configured for `--enforce-auth`. */
export interface AccountKey {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The credentials file: `{ "accounts": [{ "accountId": "111111111111", "keys": [{ "accessKeyId":
 * "AKIA...", "secretAccessKey": "..." }] }] }`.
 */
export interface CredentialsFile {
  accounts: { accountId: string; keys: { accessKeyId: string; secretAccessKey: string }[] }[];
}

/** Signs function instances' own credentials: a function's key id is its account, its secret derives from this. */
const FUNCTION_KEY_SECRET = randomBytes(32);

/** The secret access key a function of `accountId` is given (AWS_SECRET_ACCESS_KEY). */
export function functionSecretFor(accountId: string): string {
  return createHmac('sha256', FUNCTION_KEY_SECRET).update(accountId).digest('base64url');
}

/**
 * The secret of temporary credentials STS issues (`ASIA…` key ids, which encode their account):
 * derived from the key id, so `--enforce-auth` can verify them without keeping a session table.
 * They verify for as long as this process runs.
 */
export function temporarySecretFor(accessKeyId: string): string {
  return createHmac('sha256', FUNCTION_KEY_SECRET).update(`temporary:${accessKeyId}`).digest('base64').slice(0, 40);
}

export function parseCredentials(text: string, source: string): AccountKey[] {
  let parsed: CredentialsFile;
  try {
    parsed = JSON.parse(text) as CredentialsFile;
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : err})`);
  }
  if (!Array.isArray(parsed?.accounts)) throw new Error(`${source}: expected { "accounts": [...] }`);
  const keys: AccountKey[] = [];
  for (const account of parsed.accounts) {
    if (!/^\d{12}$/.test(String(account?.accountId))) throw new Error(`${source}: accountId must be 12 digits (got ${JSON.stringify(account?.accountId)})`);
    for (const key of account.keys ?? []) {
      if (typeof key?.accessKeyId !== 'string' || typeof key?.secretAccessKey !== 'string' || key.accessKeyId === '' || key.secretAccessKey === '') {
        throw new Error(`${source}: each key of account ${account.accountId} needs accessKeyId and secretAccessKey`);
      }
      keys.push({ accountId: account.accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    }
  }
  return keys;
}

/** Configured keys (a file, or inline JSON), plus the keys Tributary gives its own function instances. */
export class CredentialStore {
  private readonly byKeyId = new Map<string, AccountKey>();

  constructor(keys: readonly AccountKey[]) {
    for (const key of keys) this.byKeyId.set(key.accessKeyId, key);
  }

  static load(options: { file?: string; inline?: string }): CredentialStore {
    if (options.file) return new CredentialStore(parseCredentials(fs.readFileSync(options.file, 'utf8'), options.file));
    if (options.inline) return new CredentialStore(parseCredentials(options.inline, 'TRIBUTARY_CREDENTIALS'));
    return new CredentialStore([]);
  }

  lookup(accessKeyId: string): AccountKey | undefined {
    const configured = this.byKeyId.get(accessKeyId);
    if (configured) return configured;
    if (/^\d{12}$/.test(accessKeyId)) return { accountId: accessKeyId, accessKeyId, secretAccessKey: functionSecretFor(accessKeyId) };
    const temporaryAccount = accessKeyId.startsWith('ASIA') ? accountOfAccessKeyId(accessKeyId) : undefined;
    if (temporaryAccount) return { accountId: temporaryAccount, accessKeyId, secretAccessKey: temporarySecretFor(accessKeyId) };
    return undefined;
  }
}
