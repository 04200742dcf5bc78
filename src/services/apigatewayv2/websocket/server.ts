/**
 * WebSocket APIs on Tributary's port: `ws://{api-id}.execute-api.localhost:{port}/{stage}` or
 * `/_aws/execute-api/{api-id}/{stage}`. `$connect` decides the handshake (a non-2xx answer refuses
 * it), messages pick a route by the API's selection expression (else `$default`), `$disconnect`
 * hears the close; functions push to clients through the `@connections` API.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HttpExchange, RequestContext } from '../../../server/request-context.js';
import { isoTime, type ApiGatewayV2Env } from '../context.js';
import { newShortId } from '../ids.js';
import { invokeFunction } from '../invoke.js';
import type { Snapshot } from '../operations/deployments.js';
import type { ApiRow, Doc } from '../store.js';
import { connectEvent, connectionFacts, disconnectEvent, messageEvent, selectRouteKey, type ConnectionFacts } from './events.js';
import { serveManagementApi } from './management.js';

/** A WebSocket API frame carries up to 32 KB, a message up to 128 KB. */
const MAX_MESSAGE = 128 * 1024;
/** How long shutdown waits for `$disconnect` and other route invocations still running. */
const SHUTDOWN_WAIT_MS = 5_000;

export interface LiveConnection {
  facts: ConnectionFacts;
  socket: WebSocket;
  lastActiveAt: number;
  api: ApiRow;
  deployment: { routes: Map<string, Doc>; integrations: Map<string, Doc> };
}

export class WebSocketApis {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  readonly connections = new Map<string, LiveConnection>();
  /** Route invocations in flight; shutdown waits for them so none starts a function after the engine stopped. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly env: ApiGatewayV2Env) {}

  /** Plain HTTP to a WebSocket API: only the `@connections` management API answers. */
  serveHttp(exchange: HttpExchange, ctx: RequestContext, api: ApiRow, path: string): Promise<void> {
    return serveManagementApi(this, this.env, exchange, ctx, api, path);
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, api: ApiRow, path: string): void {
    this.accept(req, socket, head, api, path).catch(() => refuse(socket, 500));
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer, api: ApiRow, path: string): Promise<void> {
    const stageName = decodeURIComponent(path.split('/')[1] ?? '');
    const stage = stageName ? this.env.store.part(api.apiId, 'stages', stageName) : undefined;
    const snapshot = stage?.deploymentId
      ? (this.env.store.part(api.apiId, 'snapshots', String(stage.deploymentId)) as unknown as Snapshot | undefined)
      : undefined;
    if (!stage || !snapshot) return refuse(socket, 403);
    const deployment = {
      routes: new Map(snapshot.routes.map((r) => [String(r.routeKey), r])),
      integrations: new Map(snapshot.integrations.map((i) => [String(i.integrationId), i])),
    };
    const port = new URL(this.env.deps.endpointUrl()).port;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const facts = connectionFacts(req, url, {
      connectionId: newShortId(),
      apiId: api.apiId,
      stage: stageName,
      domainName: `${api.apiId}.execute-api.localhost${port ? `:${port}` : ''}`,
      connectedAt: this.env.clock.now(),
    });
    const connect = deployment.routes.get('$connect');
    if (connect) {
      const requestId = newShortId();
      const result = await this.runRoute(api, deployment, connect, connectEvent(facts, requestId, this.env.clock.now()), requestId);
      if (result.status < 200 || result.status > 299) return refuse(socket, result.status);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, facts, api, deployment));
  }

  private opened(ws: WebSocket, facts: ConnectionFacts, api: ApiRow, deployment: LiveConnection['deployment']): void {
    const connection: LiveConnection = { facts, socket: ws, lastActiveAt: this.env.clock.now(), api, deployment };
    this.connections.set(facts.connectionId, connection);
    ws.on('message', (data, isBinary) => {
      connection.lastActiveAt = this.env.clock.now();
      const body = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.message(connection, isBinary ? body.toString('base64') : body.toString('utf8')).catch(() => undefined);
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', (code, reason) => {
      this.connections.delete(facts.connectionId);
      const disconnect = deployment.routes.get('$disconnect');
      if (!disconnect) return;
      const requestId = newShortId();
      const event = disconnectEvent(facts, code, reason.toString('utf8') || (code === 1001 ? 'Going away' : ''), requestId, this.env.clock.now());
      this.runRoute(api, deployment, disconnect, event, requestId).catch(() => undefined);
    });
  }

  private async message(connection: LiveConnection, body: string): Promise<void> {
    const { api, deployment, facts, socket } = connection;
    const selected = selectRouteKey(String(api.doc.routeSelectionExpression ?? ''), body);
    const route = (selected !== undefined ? deployment.routes.get(selected) : undefined) ?? deployment.routes.get('$default');
    const requestId = newShortId();
    if (!route || route.routeKey === '$connect' || route.routeKey === '$disconnect') {
      // No route for the message: API Gateway tells the client so on the socket.
      socket.send(JSON.stringify({ message: 'Forbidden', connectionId: facts.connectionId, requestId }));
      return;
    }
    const event = messageEvent(facts, String(route.routeKey), body, newShortId(), requestId, this.env.clock.now());
    const result = await this.runRoute(api, deployment, route, event, requestId);
    if (result.status >= 500) {
      socket.send(JSON.stringify({ message: 'Internal server error', connectionId: facts.connectionId, requestId }));
      return;
    }
    // With a route response (RouteResponseSelectionExpression), the integration's answer goes back to the client.
    if (route.routeResponseSelectionExpression && result.body !== undefined && socket.readyState === socket.OPEN) socket.send(result.body);
  }

  /** Runs a route's Lambda proxy integration; the status and body of its answer. */
  private async runRoute(
    api: ApiRow,
    deployment: LiveConnection['deployment'],
    route: Doc,
    event: unknown,
    requestId: string,
  ): Promise<{ status: number; body?: string }> {
    const integrationId = /^integrations\/(.+)$/.exec(String(route.target ?? ''))?.[1];
    const integration = integrationId ? deployment.integrations.get(integrationId) : undefined;
    if (!integration) return { status: 200 };
    if (integration.integrationType !== 'AWS_PROXY' && integration.integrationType !== 'AWS') return { status: 200 };
    const outcome = await invokeFunction(this.env, api, String(integration.integrationUri), event, requestId, Number(integration.timeoutInMillis ?? 29_000));
    if (outcome.kind !== 'success') return { status: 500 };
    let value: unknown;
    try {
      value = JSON.parse(outcome.payload.toString('utf8'));
    } catch {
      return { status: 200, body: outcome.payload.toString('utf8') };
    }
    if (value && typeof value === 'object' && 'statusCode' in value) {
      const r = value as { statusCode: unknown; body?: unknown };
      const status = Number(r.statusCode);
      return {
        status: Number.isInteger(status) ? status : 500,
        body: r.body === undefined || r.body === null ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
      };
    }
    return { status: 200, body: value === null || value === undefined ? undefined : JSON.stringify(value) };
  }

  /** The `@connections` GetConnection answer. */
  describe(connection: LiveConnection): Record<string, unknown> {
    return {
      connectedAt: isoTime(connection.facts.connectedAt),
      identity: { sourceIp: connection.facts.sourceIp, userAgent: connection.facts.userAgent },
      lastActiveAt: isoTime(connection.lastActiveAt),
    };
  }

  async close(): Promise<void> {
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.connections.clear();
    this.wss.close();
    const settled = Promise.allSettled([...this.pending]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
  }
}

function refuse(socket: Duplex, status: number): void {
  const reason = status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : status >= 500 ? 'Internal Server Error' : 'Bad Request';
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}
