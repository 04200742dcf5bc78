import type { IncomingMessage } from 'node:http';
import { AwsError } from '../protocols/aws-error.js';
import { readBody } from '../protocols/http.js';
import type { CredentialScope } from './sigv4.js';

/** An unsigned form body is read before routing only up to this size; larger ones go by their shape. */
const MAX_PEEK_BYTES = 2 * 1024 * 1024;

/**
 * Query-protocol requests name their API by `Version` (SQS 2012-11-05, STS 2011-06-15, ...). An
 * unsigned one (STS's AssumeRoleWithWebIdentity and AssumeRoleWithSAML carry no signature: the
 * token is the credential) has nothing else that says which service it is for, so a form post to `/`
 * without a signature is read before routing and goes by its Version.
 */
export function isUnsignedFormPost(req: IncomingMessage, url: URL, scope: CredentialScope | undefined): boolean {
  if (scope?.service || req.method !== 'POST' || url.pathname !== '/' || req.headers['x-amz-target'] !== undefined) return false;
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared <= MAX_PEEK_BYTES;
}

/** The body of an unsigned form post and the API version it names (URL parameters first, as the codec reads them). */
export async function peekQueryVersion(req: IncomingMessage, url: URL): Promise<{ body: Buffer; version?: string }> {
  const body = await readBody(req, MAX_PEEK_BYTES, () => new AwsError('RequestEntityTooLarge', 'Request is too large', 413));
  const version = url.searchParams.get('Version') ?? new URLSearchParams(body.toString('utf8')).get('Version') ?? undefined;
  return { body, version };
}
