import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AwsError } from '../protocols/aws-error.js';
import { send } from '../protocols/http.js';
import type { Service } from '../services/service.js';
import type { Logger } from '../log.js';
import type { HttpExchange, RequestContext } from './request-context.js';
import { Router } from './router.js';
import { accountFor, credentialScope } from './sigv4.js';
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
}

/** The one HTTP endpoint every AWS client talks to. */
export class Endpoint {
  private readonly server: http.Server;
  private readonly router: Router;

  constructor(private readonly options: EndpointOptions) {
    this.router = new Router(options.services, options.fallback);
    this.server = http.createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, (req, res) => {
      this.dispatch(req, res).catch((err) => {
        options.logger.error(`unhandled error for ${req.method} ${req.url}: ${err instanceof Error ? err.stack : err}`);
        if (!res.headersSent) send(res, 500, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Internal error' }));
        else res.destroy();
      });
    });
    this.server.headersTimeout = 60_000;
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    if (url.pathname.startsWith('/_tributary/')) return this.internal(url, res);

    const scope = credentialScope(req, url);
    const ctx: RequestContext = {
      requestId: randomUUID(),
      accountId: accountFor(scope?.accessKeyId ?? '', this.options.defaultAccountId),
      region: scope?.region || this.options.defaultRegion,
      accessKeyId: scope?.accessKeyId ?? '',
    };
    const exchange: HttpExchange = { req, res, url };
    const service = this.router.route(req, url, scope);
    if (!service) {
      const err = new AwsError('UnknownOperationException', `No service handles ${req.method} ${url.pathname}`, 400);
      send(res, err.status, { 'x-amzn-ErrorType': err.code, 'Content-Type': 'application/json' }, JSON.stringify({ message: err.message }));
      req.resume();
      return;
    }
    if (this.options.authenticator) {
      const auth = await this.options.authenticator.authenticate(exchange, service);
      if (auth.kind === 'refused') return sendRefusal(req, res, service.name, auth.error, ctx.requestId);
      ctx.enforceAuth = true;
      if (auth.kind === 'signed') ctx.accountId = auth.accountId;
      else ctx.anonymous = true;
    }
    await service.handle(exchange, ctx);
  }

  private internal(url: URL, res: http.ServerResponse): void {
    if (url.pathname === '/_tributary/health') {
      send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(this.options.health()));
      return;
    }
    send(res, 404, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Not found' }));
  }
}
