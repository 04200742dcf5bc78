import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { AwsError } from '../protocols/aws-error.js';
import { readBody } from '../protocols/http.js';
import type { HttpExchange } from '../server/request-context.js';
import type { CredentialStore } from './credentials.js';
import { expectedSignature, parseSignature, sha256Hex, signaturesMatch } from './sigv4-verify.js';

/** Who signed a request that verified, or why it is refused. */
export type AuthResult = { kind: 'signed'; accountId: string; accessKeyId: string } | { kind: 'anonymous' } | { kind: 'refused'; error: AwsError };

/** The largest body hashed to check a signature (a 50 MB zip, base64-encoded, in CreateFunction's JSON). */
const MAX_HASHED_BODY = 80 * 1024 * 1024;

/** How each service family words the same refusals. */
interface Wording {
  missing: AwsError;
  unknownKey: AwsError;
  badSignature: AwsError;
}

const MISMATCH_LONG =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function wordingFor(service: string): Wording {
  if (service === 's3') {
    return {
      // Unsigned S3 requests reach S3, which refuses them per bucket.
      missing: new AwsError('AccessDenied', 'Access Denied', 403),
      unknownKey: new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403),
      badSignature: new AwsError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
      ),
    };
  }
  // Query-protocol services (and SQS in either protocol) word them as the query API does.
  if (service === 'sqs' || service === 'sts') {
    return {
      missing: new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
      unknownKey: new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      badSignature: new AwsError('SignatureDoesNotMatch', MISMATCH_LONG, 403),
    };
  }
  return {
    missing: new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
    unknownKey: new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403),
    badSignature: new AwsError('InvalidSignatureException', MISMATCH_LONG, 403),
  };
}

/** A stand-in for the request whose body was read to hash it: the same message, the body replayed. */
function replaying(req: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new PassThrough() as PassThrough & Record<string, unknown>;
  for (const name of [
    'headers',
    'rawHeaders',
    'method',
    'url',
    'httpVersion',
    'httpVersionMajor',
    'httpVersionMinor',
    'socket',
    'connection',
    'trailers',
    'rawTrailers',
    'complete',
    'aborted',
  ]) {
    replay[name] = (req as unknown as Record<string, unknown>)[name];
  }
  replay.end(body);
  return replay as unknown as IncomingMessage;
}

/**
 * `--enforce-auth`: every signed request must carry a SigV4 signature made with a configured key
 * (header or presigned query); the account is the key's. Unsigned requests are refused except
 * where AWS serves anonymous callers: function URLs (whose AWS_IAM check requires a signature) and
 * S3 (where the bucket's policy allows anyone).
 */
export class Authenticator {
  constructor(private readonly credentials: CredentialStore) {}

  /** Checks the request; may replace `exchange.req` when the body had to be read to hash it. */
  async authenticate(exchange: HttpExchange, service: { name: string; hosts?: readonly RegExp[] }): Promise<AuthResult> {
    const { req, url } = exchange;
    const wording = wordingFor(service.name);
    const authorization = req.headers.authorization;
    const signature = parseSignature(authorization, url.searchParams, headerOf(req, 'x-amz-date'));
    if (!signature) {
      // API Gateway data planes judge their own callers (authorizers read Authorization, most routes take anyone).
      if (service.name === 'execute-api') return { kind: 'anonymous' };
      if (authorization === undefined && url.searchParams.get('X-Amz-Signature') === null && url.searchParams.get('Signature') === null) {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '');
        // Function URLs check their own auth type; S3 serves anonymous callers where a bucket policy allows.
        if (service.hosts?.some((h) => h.test(host)) || service.name === 's3') return { kind: 'anonymous' };
        return { kind: 'refused', error: wording.missing };
      }
      // SigV2 or a malformed header: nothing a configured key can be checked against.
      return { kind: 'refused', error: wording.badSignature };
    }
    const key = this.credentials.lookup(signature.accessKeyId);
    if (!key) return { kind: 'refused', error: wording.unknownKey };

    let payloadHash = headerOf(req, 'x-amz-content-sha256') ?? (signature.presigned ? (url.searchParams.get('X-Amz-Content-Sha256') ?? undefined) : undefined);
    if (payloadHash === undefined && signature.presigned && service.name === 's3') payloadHash = 'UNSIGNED-PAYLOAD';
    if (payloadHash === undefined) {
      const body = await readBody(req, MAX_HASHED_BODY, () => new AwsError('RequestEntityTooLargeException', 'Request Entity Too Large', 413));
      exchange.req = replaying(req, body);
      payloadHash = sha256Hex(body);
    }
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const expected = expectedSignature(
      {
        method: req.method ?? 'GET',
        rawPath: q < 0 ? rawUrl : rawUrl.slice(0, q),
        rawQuery: q < 0 ? '' : rawUrl.slice(q + 1),
        rawHeaders: req.rawHeaders,
        doubleEncodePath: signature.service !== 's3',
      },
      signature,
      payloadHash,
      key.secretAccessKey,
    );
    if (expected === undefined || !signaturesMatch(expected, signature.signature)) return { kind: 'refused', error: wording.badSignature };
    return { kind: 'signed', accountId: key.accountId, accessKeyId: key.accessKeyId };
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
