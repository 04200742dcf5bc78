import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InternalDeps, InternalModule, InternalRoute } from './route.js';

/** Finds the internal route for a request under `/_tributary/`. */
export class InternalRouter {
  private readonly routes: InternalRoute[];

  constructor(modules: readonly InternalModule[], deps: InternalDeps) {
    this.routes = modules.flatMap((m) => m.routes(deps));
  }

  /** Handles the request if a route matches; false when none does. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPath(route.path, url.pathname);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      await route.handle({ req, res, url, params });
      return true;
    }
    if (pathMatched) {
      sendJson(res, 405, { message: `${req.method} is not allowed on ${url.pathname}` });
      req.resume();
      return true;
    }
    return false;
  }
}

function matchPath(pattern: string | RegExp, pathname: string): string[] | undefined {
  if (typeof pattern === 'string') return pattern === pathname ? [] : undefined;
  const match = pattern.exec(pathname);
  if (!match) return undefined;
  try {
    return match.slice(1).map((group) => (group === undefined ? '' : decodeURIComponent(group)));
  } catch {
    return undefined;
  }
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads a request body as JSON (`{}` when empty); throws `BadRequest` when it is not JSON or too large. */
export async function readJson(req: IncomingMessage, maxBytes = 8 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BadRequest(`The request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
}

/** An internal request that is malformed: answered 400 with its message. */
export class BadRequest extends Error {}
