import type { IncomingMessage, ServerResponse } from 'node:http';

/** One HTTP request and its response, before any protocol has touched the body. */
export interface HttpExchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
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
}
