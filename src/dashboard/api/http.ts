import type { IncomingMessage } from 'node:http';
import { BadRequest, readJson, sendJson } from '../../internal/router.js';
import type { InternalRequest, InternalRoute } from '../../internal/route.js';
import { DASHBOARD_API_PREFIX } from '../api-types.js';

/** An API answer other than 200: `{ message }` with 404 (no such resource) or 409 (cannot do that now). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);

type Handler = (request: InternalRequest) => Promise<unknown> | unknown;

/** A GET route under `/_tributary/api/`: `path` follows the prefix; the handler's value is the JSON answer. */
export function get(path: string | RegExp, handler: Handler): InternalRoute {
  return { method: 'GET', path: full(path), handle: (request) => answer(request, handler) };
}

/**
 * A POST route whose body must be JSON sent as `Content-Type: application/json`. The server lets
 * only same-origin browser requests reach `/_tributary/`, but an HTML form on another site can
 * still post to it without any Origin check applying to "simple" requests (form-encoded,
 * multipart or text/plain bodies). A request declaring `application/json` is never simple: a
 * browser must first ask with a CORS preflight, which we never grant — so a cross-site page can
 * never make the server invoke or replay anything.
 */
export function post(path: string | RegExp, handler: (request: InternalRequest, body: unknown) => Promise<unknown> | unknown): InternalRoute {
  return {
    method: 'POST',
    path: full(path),
    handle: (request) =>
      answer(request, async () => {
        if (!isJson(request.req)) {
          request.req.resume();
          throw new ApiError(400, 'POST requests to the dashboard API must send Content-Type: application/json.');
        }
        return handler(request, await readJson(request.req));
      }),
  };
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function full(path: string | RegExp): string | RegExp {
  if (typeof path === 'string') return DASHBOARD_API_PREFIX + path;
  const prefix = DASHBOARD_API_PREFIX.replace(/[/]/g, '\\/');
  return new RegExp(`^${prefix}${path.source.replace(/^\^/, '')}`, path.flags);
}

async function answer(request: InternalRequest, handler: Handler): Promise<void> {
  try {
    sendJson(request.res, 200, await handler(request));
  } catch (err) {
    if (err instanceof ApiError) return sendJson(request.res, err.status, { message: err.message });
    if (err instanceof BadRequest) return sendJson(request.res, 400, { message: err.message });
    throw err;
  }
}

/** A positive integer query parameter, at most `max`; `fallback` when absent. */
export function limitParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(400, `'${name}' must be a positive integer.`);
  return Math.min(n, max);
}
