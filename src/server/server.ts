import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AwsError } from '../protocols/aws-error.js';
import { send } from '../protocols/http.js';
import type { Service } from '../services/service.js';
import type { Logger } from '../log.js';
import { observeApiCall } from '../observations/api-call.js';
import type { Observations } from '../observations/bus.js';
import type { EventStream } from '../observations/sse.js';
import type { InternalRouter } from '../internal/router.js';
import { BadRequest, sendJson } from '../internal/router.js';
import type { HttpExchange, RequestContext } from './request-context.js';
import { Router } from './router.js';
import { RequestGuards, parseHost } from './guards.js';
import { writeRefusal } from './refusal.js';
import { trackRequest } from './crash-guard.js';
import { InFlightRequests } from './drain.js';
import { DEFAULT_CONNECTION_LIMITS, enforceLimits, serverOptions, type ConnectionLimits } from './limits.js';
import { accountFor, credentialScope } from './sigv4.js';
import { isUnsignedFormPost, peekQueryVersion } from './unsigned-query.js';
import type { Authenticator } from '../auth/authenticator.js';
import { sendRefusal } from '../auth/refusal.js';

export interface EndpointOptions {
  host: string;
  port: number;
  defaultAccountId: string;
  defaultRegion: string;
  services: readonly Service[];
  /** The service that takes requests no other claims (S3). */
  fallback?: Service;
  logger: Logger;
  health: () => Record<string, unknown>;
  /** Set under `--enforce-auth`: signatures are verified and the account is the signing key's. */
  authenticator?: Authenticator;
  /** Host names beyond this machine's own that may reach the endpoint (`--allow-host`). */
  allowHosts?: readonly string[];
  /** Browser origins allowed to call every API (`--allow-origin`). */
  allowOrigins?: readonly string[];
  /** Timeouts for slow clients and the per-client connection cap. */
  limits?: Partial<ConnectionLimits>;
  /** Where `api.call` observations go. */
  observations?: Observations;
  /** Serves `/_tributary/events`. */
  events?: EventStream;
  /** Tributary's own endpoints under `/_tributary/` (dashboard, harness). */
  internal?: InternalRouter;
}

/** The one HTTP endpoint every AWS client talks to. */
export class Endpoint {
  private readonly server: http.Server;
  private readonly router: Router;
  private readonly guards: RequestGuards;
  private readonly inFlight = new InFlightRequests();
  /** Sockets a service took over by a WebSocket upgrade; the HTTP server no longer closes them. */
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly options: EndpointOptions) {
    this.router = new Router(options.services, options.fallback, options.logger);
    this.guards = new RequestGuards({ listenHost: options.host, allowHosts: options.allowHosts ?? [], allowOrigins: options.allowOrigins ?? [] });
    const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
    this.server = http.createServer(serverOptions(limits), (req, res) => {
      trackRequest(res);
      this.dispatch(req, res).catch((err) => {
        options.logger.error(`unhandled error for ${req.method} ${req.url}: ${err instanceof Error ? err.stack : err}`);
        if (!res.headersSent) send(res, 500, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Internal error' }));
        else res.destroy();
      });
    });
    enforceLimits(this.server, limits);
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** A WebSocket upgrade goes to the service the request routes to, if it takes upgrades (API Gateway WebSocket APIs). */
  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const host = parseHost(req.headers.host);
    const url = host ? requestUrl(req) : undefined;
    const service = url && !this.guards.checkHost(host!.name) ? this.router.route(req, url, credentialScope(req, url)) : undefined;
    if (!url || !service?.upgrade?.(req, socket, head, url)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // Once listening, a failed accept (out of file descriptors under a flood of connections) is
    // reported here; it must not end the process, and the server keeps accepting.
    this.server.on('error', (err) => this.options.logger.warn(`endpoint: ${err.message}`));
    return this.server.address() as AddressInfo;
  }

  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs` (idle
   * keep-alive connections close at once), answers what is left with 503, then closes every socket.
   */
  async close(graceMs = 0): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.inFlight.drain(graceMs);
    this.server.closeAllConnections();
    for (const socket of this.upgraded) socket.destroy();
    await closed;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = parseHost(req.headers.host);
    if (!host) {
      const refusal = { status: 400, code: 'InvalidHostHeader', message: 'The Host header of the request is missing or malformed.' };
      return writeRefusal(req, res, refusal, randomUUID());
    }
    const url = requestUrl(req);
    const hostRefusal = this.guards.checkHost(host.name);
    if (hostRefusal) return writeRefusal(req, res, hostRefusal, randomUUID(), this.router.route(req, url, credentialScope(req, url))?.name);
    if (url.pathname.startsWith('/_tributary/')) {
      const refusal = this.guards.checkOrigin(req, req.headers.host!, () => false);
      if (refusal) return writeRefusal(req, res, refusal, randomUUID());
      return this.internal(req, url, res);
    }

    const scope = credentialScope(req, url);
    const ctx: RequestContext = {
      requestId: randomUUID(),
      accountId: accountFor(scope?.accessKeyId ?? '', this.options.defaultAccountId),
      region: scope?.region || this.options.defaultRegion,
      accessKeyId: scope?.accessKeyId ?? '',
    };
    const exchange: HttpExchange = { req, res, url };
    let queryVersion: string | undefined;
    if (isUnsignedFormPost(req, url, scope)) {
      const peeked = await peekQueryVersion(req, url).catch(() => undefined);
      if (!peeked) return writeRefusal(req, res, { status: 400, code: 'IncompleteBody', message: 'The request body could not be read.' }, ctx.requestId);
      exchange.body = peeked.body;
      queryVersion = peeked.version;
    }
    const service = this.router.route(req, url, scope, queryVersion);
    if (!service) {
      const err = new AwsError('UnknownOperationException', `No service handles ${req.method} ${url.pathname}`, 400);
      send(res, err.status, { 'x-amzn-ErrorType': err.code, 'Content-Type': 'application/json' }, JSON.stringify({ message: err.message }));
      req.resume();
      return;
    }
    const originRefusal = this.guards.checkOrigin(req, req.headers.host!, () => service.acceptsCrossOrigin?.(exchange) ?? false);
    if (originRefusal) return writeRefusal(req, res, originRefusal, ctx.requestId, service.name);
    // Only AWS requests hold shutdown back; Tributary's own streams (events) just close.
    this.inFlight.add(req, res, service.name);
    if (this.options.observations) observeApiCall(this.options.observations, res, service.name, ctx);
    if (this.options.authenticator) {
      const auth = await this.options.authenticator.authenticate(exchange, service);
      if (auth.kind === 'refused') return sendRefusal(req, res, service.name, auth.error, ctx.requestId);
      ctx.enforceAuth = true;
      if (auth.kind === 'signed') ctx.accountId = auth.accountId;
      else ctx.anonymous = true;
    }
    await service.handle(exchange, ctx);
  }

  private async internal(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    if (url.pathname === '/_tributary/events' && this.options.events) {
      this.options.events.serve(req, res, url);
      return;
    }
    if (url.pathname === '/_tributary/health') {
      send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(this.options.health()));
      return;
    }
    try {
      if (await this.options.internal?.handle(req, res, url)) return;
    } catch (err) {
      if (!(err instanceof BadRequest)) throw err;
      if (!res.headersSent) sendJson(res, 400, { message: err.message });
      req.resume();
      return;
    }
    send(res, 404, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Not found' }));
  }
}

/** The request's URL; a path starting with `//` stays a path (it is not a host). */
function requestUrl(req: http.IncomingMessage): URL {
  const raw = req.url ?? '/';
  const path = raw.startsWith('/') ? raw : `/${raw.replace(/^[a-z]+:\/\/[^/]*/i, '')}`;
  return new URL(`http://${req.headers.host}${path}`);
}
