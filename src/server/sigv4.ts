import type { IncomingMessage } from 'node:http';
import { accountOfAccessKeyId } from './access-key-account.js';

/** The parts of a SigV4 credential scope: `AKID/20260101/eu-west-1/sqs/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL_IN_HEADER = /Credential=([^,\s]+)/;

/**
 * Reads the credential scope from the Authorization header or, for presigned URLs, from
 * `X-Amz-Credential`. Signatures are not verified: Tributary accepts any credentials.
 */
export function credentialScope(req: IncomingMessage, url: URL): CredentialScope | undefined {
  const auth = req.headers.authorization;
  let credential: string | undefined;
  if (auth?.startsWith('AWS4-HMAC-SHA256')) {
    credential = CREDENTIAL_IN_HEADER.exec(auth)?.[1];
  } else {
    credential = url.searchParams.get('X-Amz-Credential') ?? undefined;
  }
  if (credential) {
    const [accessKeyId, date, region, service] = credential.split('/');
    if (accessKeyId !== undefined && date && region && service) return { accessKeyId, date, region, service };
  }
  if (auth?.startsWith('AWS ')) {
    // SigV2 (`AWS AKID:signature`), still used by a few old S3 clients: no region, no service.
    const accessKeyId = auth.slice(4).split(':')[0] ?? '';
    return { accessKeyId, date: '', region: '', service: '' };
  }
  return undefined;
}

/**
 * The account is the access key id when that is 12 digits (so ARNs round-trip), the account a
 * temporary (`ASIA…`) key encodes (keys STS hands out, for any account), else the default.
 */
export function accountFor(accessKeyId: string, defaultAccountId: string): string {
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  if (accessKeyId.startsWith('ASIA')) return accountOfAccessKeyId(accessKeyId) ?? defaultAccountId;
  return defaultAccountId;
}
