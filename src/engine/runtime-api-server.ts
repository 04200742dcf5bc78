import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the Runtime API answers a runtime: a status and an RIE-shaped JSON body. */
export interface RuntimeApiReply {
  status: number;
  body: Record<string, string>;
}

export const accepted: RuntimeApiReply = { status: 202, body: { status: 'OK' } };

/** One instance's side of the Runtime API; the server only routes and reads bodies. */
export interface RuntimeApiHandlers {
  /** Long poll: the handler keeps `res` until it has an invocation (or refuses at once). */
  next(res: http.ServerResponse): void;
  response(requestId: string, body: Buffer): RuntimeApiReply;
  /** A streamed response (`Lambda-Runtime-Function-Response-Mode: streaming`): the handler reads `req` to its end and trailers. */
  responseStream(requestId: string, req: http.IncomingMessage): Promise<RuntimeApiReply>;
  error(requestId: string, body: Buffer, errorType: string | undefined): RuntimeApiReply;
  initError(body: Buffer, errorType: string | undefined): RuntimeApiReply;
}

const PREFIX = '/2018-06-01/runtime';
const INVOCATION_ROUTE = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export function sendReply(res: http.ServerResponse, reply: RuntimeApiReply): void {
  const body = `${JSON.stringify(reply.body)}\n`;
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value || undefined;
}

/** The Runtime API endpoint of one instance, on a loopback port the OS picks. */
export class RuntimeApiServer {
  private constructor(
    private readonly server: http.Server,
    readonly address: string,
  ) {}

  static async listen(handlers: RuntimeApiHandlers): Promise<RuntimeApiServer> {
    const server = http.createServer({ keepAliveTimeout: 0, requestTimeout: 0, headersTimeout: 0 }, (req, res) => {
      route(handlers, req, res).catch(() => {
        if (!res.headersSent) sendReply(res, { status: 500, body: { errorMessage: 'Internal Server Error', errorType: 'InternalServerError' } });
      });
    });
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new RuntimeApiServer(server, `127.0.0.1:${port}`);
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }
}

async function route(handlers: RuntimeApiHandlers, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? '';
  if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
    req.resume();
    handlers.next(res);
    return;
  }
  if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
    const body = await readBody(req);
    sendReply(res, handlers.initError(body, header(req, 'lambda-runtime-function-error-type')));
    return;
  }
  const match = req.method === 'POST' ? INVOCATION_ROUTE.exec(url) : null;
  if (match && match[2] === 'response' && header(req, 'lambda-runtime-function-response-mode')?.toLowerCase() === 'streaming') {
    sendReply(res, await handlers.responseStream(decodeURIComponent(match[1]!), req));
    return;
  }
  if (match) {
    const body = await readBody(req);
    const requestId = decodeURIComponent(match[1]!);
    const reply =
      match[2] === 'response' ? handlers.response(requestId, body) : handlers.error(requestId, body, header(req, 'lambda-runtime-function-error-type'));
    sendReply(res, reply);
    return;
  }
  req.resume();
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('404 page not found\n');
}
