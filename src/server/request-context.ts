import type { IncomingMessage, ServerResponse } from 'node:http';

/** One HTTP request and its response, before any protocol has touched the body. */
export interface HttpExchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** A body the endpoint already read to route the request (an unsigned query post); the stream is then spent. */
  body?: Buffer;
}

/** Who is calling and where: derived from the SigV4 credential scope of the request. */
export interface RequestContext {
  requestId: string;
  accountId: string;
  region: string;
  /** The access key id the request was signed with (empty when unsigned). */
  accessKeyId: string;
  /** Set by the codec once the operation is known; used in logs and the `api.call` observation. */
  operation?: string;
  /** Set by the codec when it answers with an error: the AWS error code. */
  errorCode?: string;
  /** Set under `--enforce-auth` once the signature verified: another account's resources need their owner's consent. */
  enforceAuth?: boolean;
  /** Under `--enforce-auth`, an unsigned request a service may still serve where a resource allows anyone (S3). */
  anonymous?: boolean;
  /**
   * Under `enforceAuth`, set by the service that can judge it: throws AccessDenied unless the
   * resource's policy lets the caller's account run this operation on it.
   */
  permitCrossAccount?(resource: { accountId: string; region: string; name: string; qualifier?: string }): void;
}
