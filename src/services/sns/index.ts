import type { IncomingMessage } from 'node:http';
import type { SnsPort } from '../../contracts.js';
import { send } from '../../protocols/http.js';
import { QueryCodec, type QueryOperation } from '../../protocols/query.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import { CertificateServer } from './cert-server.js';
import type { SnsEnv } from './context.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { SNS_OPERATIONS } from './operations/index.js';
import { createSnsPort } from './port.js';
import { SigningIdentity } from './signing.js';
import { SnsTables } from './store.js';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** Tributary's own SNS paths: the signing certificate over HTTP, and recorded email/SMS messages. */
export const SNS_PATH_PREFIX = '/_tributary-sns/';
/** SubscribeURL and UnsubscribeURL are unsigned GETs, as a browser or curl sends them. */
const LINK_ACTIONS = new Set(['ConfirmSubscription', 'Unsubscribe']);

/** Amazon SNS on the shared endpoint, over the query protocol (the only one its SDKs speak). */
export function createSnsService(deps: ServiceDeps): Service & SnsPort {
  const tables = new SnsTables(deps.store);
  const signer = new SigningIdentity(deps.store.dir('sns'));
  const certServer = new CertificateServer(signer);
  const env: SnsEnv = {
    deps,
    tables,
    signer,
    dispatcher: undefined as unknown as Dispatcher,
    urls: () => {
      const endpoint = deps.endpointUrl();
      const https = certServer.url();
      return {
        endpoint,
        signingCertUrl: https ? `${https}/${signer.certificateFile}` : `${endpoint}${SNS_PATH_PREFIX}${signer.certificateFile}`,
      };
    },
  };
  env.dispatcher = new Dispatcher(env);

  const operations: Record<string, QueryOperation> = {};
  for (const [name, operation] of Object.entries(SNS_OPERATIONS)) {
    operations[name] = async (params, ctx, exchange) => {
      const trace = exchange.req.headers['x-amzn-trace-id'];
      return operation(env, params, {
        accountId: ctx.accountId,
        region: ctx.region,
        requestId: ctx.requestId,
        ...(typeof trace === 'string' && trace ? { traceHeader: trace } : {}),
      });
    };
  }
  const codec = new QueryCodec(operations, { xmlns: XMLNS, maxBodyBytes: MAX_REQUEST_BYTES });

  const handle = async (exchange: HttpExchange, ctx: RequestContext): Promise<void> => {
    if (exchange.url.pathname.startsWith(SNS_PATH_PREFIX)) return serveOwnPath(env, exchange);
    await codec.handle(exchange, ctx);
  };

  return {
    name: 'sns',
    signingNames: ['sns'],
    queryVersions: ['2010-03-31'],
    claims: (req, url) => claimsUnsigned(req, url),
    handle,
    async start() {
      const port = Number.parseInt(process.env.TRIBUTARY_SNS_CERT_PORT ?? '0', 10);
      try {
        await certServer.start(deps.config.host, Number.isFinite(port) ? port : 0);
      } catch (err) {
        deps.logger.warn(
          `sns: no HTTPS listener for the signing certificate (${err instanceof Error ? err.message : String(err)}); SigningCertURL is served over HTTP`,
        );
      }
      env.dispatcher.start();
    },
    async stop() {
      env.dispatcher.stop();
      await certServer.stop();
    },
    health: () => ({ status: 'running', pendingDeliveries: tables.pendingDeliveries(), signingCertUrl: env.urls().signingCertUrl }),
    ...createSnsPort(env),
  };
}

function claimsUnsigned(req: IncomingMessage, url: URL): boolean {
  if (url.pathname.startsWith(SNS_PATH_PREFIX)) return true;
  return req.method === 'GET' && url.pathname === '/' && LINK_ACTIONS.has(url.searchParams.get('Action') ?? '') && !url.searchParams.has('Version');
}

function serveOwnPath(env: SnsEnv, exchange: HttpExchange): void {
  const rest = exchange.url.pathname.slice(SNS_PATH_PREFIX.length);
  exchange.req.resume();
  if (rest === env.signer.certificateFile) {
    send(exchange.res, 200, { 'Content-Type': 'application/x-x509-ca-cert' }, env.signer.certificatePem);
    return;
  }
  if (rest === 'messages') {
    const q = exchange.url.searchParams;
    const rows = env.tables.recorded({ protocol: q.get('protocol') ?? undefined, endpoint: q.get('endpoint') ?? undefined });
    const messages = rows.map((r) => ({
      protocol: r.protocol,
      endpoint: r.endpoint,
      topicArn: r.topic_arn,
      subscriptionArn: r.subscription_arn,
      messageId: r.message_id,
      type: r.type,
      subject: r.subject,
      message: r.message,
      body: r.body,
      timestamp: new Date(r.created_at).toISOString(),
    }));
    send(exchange.res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ messages }));
    return;
  }
  send(exchange.res, 404, { 'Content-Type': 'application/json' }, JSON.stringify({ message: 'Not found' }));
}

export const snsModule = defineService({ name: 'sns', create: createSnsService, offer: (service): SnsPort => service });
