import type http from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long the endpoint waits for slow clients. A client must send its headers within
 * `headersTimeoutMs` and keep its body moving (no pause longer than `bodyIdleMs`); an idle
 * keep-alive connection closes after `keepAliveMs`. No whole-request deadline: large uploads take
 * as long as they take while bytes arrive, and the time a request waits for its answer (a 20 s
 * long poll, a 15 min synchronous invoke) is not counted. One client address may hold at most
 * `maxConnectionsPerClient` connections, so one slow or leaky client cannot take every socket.
 */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  bodyIdleMs: number;
  keepAliveMs: number;
  maxConnectionsPerClient: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 20_000,
  bodyIdleMs: 60_000,
  keepAliveMs: 60_000,
  maxConnectionsPerClient: 512,
};

/** The options `http.createServer` takes for these limits. */
export function serverOptions(limits: ConnectionLimits): http.ServerOptions {
  return {
    keepAliveTimeout: limits.keepAliveMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: 0,
    // Expired header waits are found on this interval (Node's default is 30 s).
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2))),
  };
}

/** Applies the per-client connection cap and the body idle timeout to a server. */
export function enforceLimits(server: http.Server, limits: ConnectionLimits): void {
  const perClient = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? '';
    const open = (perClient.get(client) ?? 0) + 1;
    if (open > limits.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(client, open);
    socket.once('close', () => {
      const left = (perClient.get(client) ?? 1) - 1;
      if (left <= 0) perClient.delete(client);
      else perClient.set(client, left);
    });
  });
  server.on('request', (req: http.IncomingMessage) => {
    const socket = req.socket;
    if (req.complete) return;
    // The server destroys a socket that times out when nobody listens for 'timeout'.
    socket.setTimeout(limits.bodyIdleMs);
    const clear = () => socket.setTimeout(0);
    req.once('end', clear);
    req.once('close', clear);
  });
}
