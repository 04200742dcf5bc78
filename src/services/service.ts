import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpExchange, RequestContext } from '../server/request-context.js';

/**
 * An emulated AWS service on the shared endpoint. A service owns its folder
 * (`src/services/<name>/`), its operations (one file each), its store tables and its codec choice.
 */
export interface Service {
  readonly name: string;
  /** SigV4 signing names that route to this service (`lambda`, `sqs`, `s3`). */
  readonly signingNames: readonly string[];
  /**
   * Signing names this service shares with another, claimed by path: API Gateway v2 is signed
   * `apigateway` like v1, and its paths start with `/v2/`.
   */
  readonly signedPaths?: readonly { signingName: string; pathPrefix: string }[];
  /** Takes a WebSocket upgrade the router sent it; false when it has nothing there (the socket gets a 404). */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean;
  /** `X-Amz-Target` prefixes (the part before the dot), for JSON-protocol services. */
  readonly targetPrefixes?: readonly string[];
  /** Hosts (without the port) this service answers whatever the request's signature says: function URLs, API hosts. */
  readonly hosts?: readonly RegExp[];
  /** Query API versions this service answers (`2011-06-15` for STS): unsigned query requests go by them. */
  readonly queryVersions?: readonly string[];
  /** Claims an unsigned request by its shape (path, query); used after signing name and target. */
  claims?(req: IncomingMessage, url: URL): boolean;
  /** Whether a browser request from another origin is this service's to answer, as AWS serves CORS (bucket CORS, function URLs). */
  acceptsCrossOrigin?(exchange: HttpExchange): boolean;
  handle(exchange: HttpExchange, ctx: RequestContext): Promise<void>;
  /** Begins background work (pollers, timers) once the endpoint is listening. */
  start?(): Promise<void> | void;
  /** Ends background work; called on shutdown, before the store closes. */
  stop?(): Promise<void> | void;
  /** What `/_tributary/health` reports for this service. */
  health?(): Record<string, unknown>;
}
