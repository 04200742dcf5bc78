import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomHex } from '../../../tracing/random-pool.js';
import type { HttpExchange, RequestContext } from '../../../server/request-context.js';
import type { Elbv2Context } from '../context.js';
import type { Action, LoadBalancer } from '../model.js';
import { albEvent } from './alb-event.js';
import { albResponse } from './alb-response.js';
import type { RequestFacts } from './matching.js';
import { sendAlbPage, SERVER_HEADER } from './pages.js';
import { actionsFor, type RoutingTable } from './routing.js';

/** `{name}-{digits}.{region}.elb.localhost`, the local form of an ALB's DNS name. */
export const ELB_HOST = /\.elb\.localhost$/;
/** For clients that cannot resolve `*.localhost`: `/_aws/elb/{load-balancer-name}/{path}`. */
export const ELB_PATH = /^\/_aws\/elb\/([a-zA-Z0-9-]{1,32})(\/.*)?$/;

/** Largest request body ALB hands a Lambda function. */
const MAX_REQUEST_BODY = 1024 * 1024;

interface Target {
  lb: LoadBalancer;
  path: string;
  /** The port the Host header names, which picks the listener. */
  port?: number;
}

function targetOf(exchange: HttpExchange, ctx: RequestContext, routes: RoutingTable): Target | undefined {
  const hostHeader = (exchange.req.headers.host ?? '').toLowerCase();
  const colon = hostHeader.lastIndexOf(':');
  const host = colon < 0 ? hostHeader : hostHeader.slice(0, colon);
  const port = colon < 0 ? 80 : Number(hostHeader.slice(colon + 1));
  if (ELB_HOST.test(host)) {
    const lb = routes.byHost(host);
    // The path as the client wrote it: ALB neither decodes nor normalizes it.
    return lb && { lb, path: rawPathOf(exchange.req), port };
  }
  const m = ELB_PATH.exec(exchange.url.pathname);
  if (!m) return undefined;
  const lb = routes.byLoadBalancerName(m[1]!, ctx.accountId, ctx.region);
  return lb && { lb, path: m[2] ?? '/' };
}

/** The request's path as the client wrote it (the URL parser resolves dot segments). */
function rawPathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The raw query string, without `?`. */
function rawQueryOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function facts(req: IncomingMessage, path: string, rawQuery: string, sourceIp: string): RequestFacts {
  const headers = new Map<string, string[]>();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(raw[i + 1]!);
    else headers.set(name, [raw[i + 1]!]);
  }
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const query = rawQuery === '' ? [] : [...new URLSearchParams(rawQuery)];
  return { method: req.method ?? 'GET', path, host, headers, query, sourceIp };
}

/** Picks one target group of a forward action by weight. */
function pickTargetGroup(action: Action): string | undefined {
  const groups = (action.ForwardConfig?.TargetGroups ?? []).filter((g) => (g.Weight ?? 1) > 0);
  if (groups.length <= 1) return groups[0]?.TargetGroupArn;
  const total = groups.reduce((n, g) => n + (g.Weight ?? 1), 0);
  let roll = Math.random() * total;
  for (const g of groups) {
    roll -= g.Weight ?? 1;
    if (roll < 0) return g.TargetGroupArn;
  }
  return groups[groups.length - 1]!.TargetGroupArn;
}

function redirectLocation(config: NonNullable<Action['RedirectConfig']>, host: string, port: number, path: string, rawQuery: string): string {
  const fill = (s: string) =>
    s
      .replace(/#\{protocol\}/g, 'HTTP')
      .replace(/#\{host\}/g, host)
      .replace(/#\{port\}/g, String(port))
      .replace(/#\{path\}/g, path.replace(/^\//, ''))
      .replace(/#\{query\}/g, rawQuery);
  const protocol = fill(config.Protocol ?? '#{protocol}').toLowerCase();
  const portText = fill(config.Port ?? '#{port}');
  const defaultPort = protocol === 'https' ? '443' : '80';
  const query = fill(config.Query ?? '#{query}');
  return `${protocol}://${fill(config.Host ?? '#{host}')}${portText === defaultPort ? '' : `:${portText}`}${fill(config.Path ?? '/#{path}')}${query ? `?${query}` : ''}`;
}

/** Serves one request addressed to a load balancer: listener, rules by priority, then the action. */
export async function serveLoadBalancer(elb: Elbv2Context, routes: RoutingTable, exchange: HttpExchange, ctx: RequestContext): Promise<void> {
  const started = performance.now();
  const { req, res } = exchange;
  ctx.operation = 'ServeRequest';
  const target = targetOf(exchange, ctx, routes);
  const listener = target && routes.listenerFor(target.lb, target.port);
  const finish = (status: number, functionArn?: string, invocationId?: string) => {
    const { observations } = elb.deps;
    if (!observations.wants('http.request')) return;
    observations.emit({
      type: 'http.request',
      ids: { requestId: ctx.requestId, functionArn, invocationId, sourceArn: target?.lb.arn },
      source: 'aws:elb',
      method: req.method ?? 'GET',
      path: target?.path ?? exchange.url.pathname,
      status,
      durationMs: performance.now() - started,
    });
  };
  if (!target || !listener) {
    req.resume();
    sendAlbPage(res, 503);
    return finish(503);
  }
  const rawQuery = rawQueryOf(req);
  const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const actions = actionsFor(listener, facts(req, target.path, rawQuery, sourceIp));
  const action = actions.find((a) => a.Type === 'forward' || a.Type === 'redirect' || a.Type === 'fixed-response')!;

  if (action.Type === 'fixed-response') {
    req.resume();
    const c = action.FixedResponseConfig!;
    const body = Buffer.from(c.MessageBody ?? '');
    const status = Number(c.StatusCode);
    const headers: Record<string, string | number> = { Server: SERVER_HEADER, 'Content-Length': body.length };
    if (c.ContentType) headers['Content-Type'] = c.ContentType;
    res.writeHead(status, headers);
    res.end(body);
    return finish(status);
  }
  if (action.Type === 'redirect') {
    req.resume();
    const c = action.RedirectConfig!;
    const status = c.StatusCode === 'HTTP_301' ? 301 : 302;
    res.writeHead(status, {
      Server: SERVER_HEADER,
      Location: redirectLocation(c, host, listener.listener.port, target.path, rawQuery),
      'Content-Type': 'text/html',
      'Content-Length': 0,
    });
    res.end();
    return finish(status);
  }

  const tgArn = pickTargetGroup(action);
  const tg = tgArn ? elb.store.targetGroup(tgArn) : undefined;
  const functionArn = tg?.targetType === 'lambda' ? tg.targets[0]?.Id : undefined;
  if (!tg || !functionArn) {
    // No Lambda target to run: instance and IP targets are control plane only here.
    req.resume();
    sendAlbPage(res, 503);
    return finish(503);
  }
  const body = await readLimited(req, MAX_REQUEST_BODY);
  if (body === undefined) {
    sendAlbPage(res, 413);
    return finish(413, functionArn);
  }
  const traceId = traceHeaderOf(req, elb.deps.clock.now());
  const multiValue = tg.attributes['lambda.multi_value_headers.enabled'] === 'true';
  const event = albEvent({
    req,
    targetGroupArn: tg.arn,
    path: target.path,
    rawQuery,
    body,
    multiValue,
    listenerPort: listener.listener.port,
    sourceIp,
    traceId,
  });
  const invocationId = randomUUID();
  const outcome = await elb.deps.gateway.invoke({
    function: { ref: functionArn, scope: { accountId: tg.accountId, region: tg.region } },
    requestId: invocationId,
    payload: Buffer.from(JSON.stringify(event)),
    traceHeader: traceId,
    cause: { source: 'aws:elb', ids: { requestId: ctx.requestId, sourceArn: tg.arn } },
  });
  if (outcome.kind !== 'success') {
    const status = outcome.kind === 'function-error' && outcome.errorType === 'Sandbox.Timedout' ? 504 : outcome.kind === 'throttled' ? 503 : 502;
    if (outcome.kind === 'system-error') elb.deps.logger.warn(`load balancer ${target.lb.name}: ${outcome.error.message}`);
    sendAlbPage(res, status);
    return finish(status, functionArn, invocationId);
  }
  const response = albResponse(outcome.payload, multiValue);
  if (!response) {
    sendAlbPage(res, 502);
    return finish(502, functionArn, invocationId);
  }
  writeResponse(res, response);
  finish(response.status, functionArn, invocationId);
}

function writeResponse(res: ServerResponse, response: NonNullable<ReturnType<typeof albResponse>>): void {
  const headers: string[] = ['Server', SERVER_HEADER, 'Content-Length', String(response.body.length)];
  for (const [name, value] of response.headers) headers.push(name, value);
  if (response.statusMessage) res.statusMessage = response.statusMessage;
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** ALB starts a trace (`Root=1-{time}-{id}`), or, when the client sent one, adds its own `Self=` segment in front. */
function traceHeaderOf(req: IncomingMessage, now: number): string {
  const id = `1-${Math.floor(now / 1000).toString(16)}-${randomHex(12)}`;
  const sent = req.headers['x-amzn-trace-id'];
  const incoming = Array.isArray(sent) ? sent[0] : sent;
  if (incoming && /(^|;)\s*Root=/.test(incoming)) return `Self=${id};${incoming.replace(/^Self=[^;]*;/, '')}`;
  return `Root=${id}`;
}
