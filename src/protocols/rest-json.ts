import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AwsError, internalError, isAwsError } from './aws-error.js';
import { readBody, send } from './http.js';
import type { HttpExchange, RequestContext } from '../server/request-context.js';

/**
 * The REST-JSON protocol (Lambda, API Gateway, ...): operations are bound to a method and a path
 * template; the body is JSON; errors carry `x-amzn-ErrorType` and a JSON body.
 */
export interface RestJsonRequest {
  /** Path parameters, URL-decoded, by their template names. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RestJsonResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a Buffer is sent as it is; undefined sends no body. */
  body?: unknown;
  /**
   * A response the operation writes itself as it goes (event streams): it sends its own status and
   * headers; an AwsError it throws before sending them is answered as usual.
   */
  stream?: (res: ServerResponse) => Promise<void>;
}

export interface RestJsonOperation {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** e.g. `/2015-03-31/functions/{FunctionName}/invocations`; `{Name+}` matches across slashes. */
  path: string;
  /** Largest accepted body; larger requests get `tooLarge`. */
  maxBodyBytes?: number;
  tooLarge?: (limit: number) => AwsError;
  run(request: RestJsonRequest, ctx: RequestContext): Promise<RestJsonResponse>;
}

interface CompiledRoute {
  operation: RestJsonOperation;
  pattern: RegExp;
  names: string[];
}

const DEFAULT_MAX_BODY = 6 * 1024 * 1024;

export class RestJsonCodec {
  private readonly routes: CompiledRoute[];

  constructor(
    operations: readonly RestJsonOperation[],
    /** Renders an error body; Lambda adds `Type`. */
    private readonly errorBody: (err: AwsError) => Record<string, unknown> = (err) => ({ message: err.message, ...err.fields }),
  ) {
    this.routes = operations.map(compile);
  }

  matches(method: string, pathname: string): boolean {
    return this.routes.some((r) => r.operation.method === method && r.pattern.test(pathname));
  }

  async handle(exchange: HttpExchange, ctx: RequestContext): Promise<void> {
    const { req, url } = exchange;
    try {
      const found = this.find(req.method ?? 'GET', url.pathname);
      if (!found) throw unknownOperation(req.method ?? 'GET', url.pathname);
      const { route, params } = found;
      const op = route.operation;
      ctx.operation = op.name;
      const limit = op.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const body = await readBody(req, limit, () =>
        op.tooLarge
          ? op.tooLarge(limit)
          : new AwsError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the ${op.name} operation`, 413),
      );
      const out = await op.run({ params, query: url.searchParams, headers: req.headers, body }, ctx);
      if (out.stream) await out.stream(exchange.res);
      else this.writeResult(exchange, ctx, out);
    } catch (err) {
      this.writeError(exchange, ctx, isAwsError(err) ? err : internalError(err));
    }
  }

  private find(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.operation.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }

  private writeResult(exchange: HttpExchange, ctx: RequestContext, out: RestJsonResponse): void {
    const headers: Record<string, string> = { 'x-amzn-RequestId': ctx.requestId, ...out.headers };
    let body: Buffer | undefined;
    if (Buffer.isBuffer(out.body)) {
      body = out.body;
    } else if (out.body !== undefined) {
      body = Buffer.from(JSON.stringify(out.body));
      headers['Content-Type'] ??= 'application/json';
    }
    send(exchange.res, out.status ?? 200, headers, body);
  }

  writeError(exchange: HttpExchange, ctx: RequestContext, err: AwsError): void {
    ctx.errorCode = err.code;
    if (exchange.res.headersSent) {
      exchange.res.destroy();
      return;
    }
    const body = JSON.stringify(this.errorBody(err));
    send(exchange.res, err.status, { 'x-amzn-RequestId': ctx.requestId, 'x-amzn-ErrorType': err.code, 'Content-Type': 'application/json' }, body);
  }
}

function compile(operation: RestJsonOperation): CompiledRoute {
  const names: string[] = [];
  const source = operation.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('');
  return { operation, pattern: new RegExp(`^${source}/?$`), names };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function unknownOperation(method: string, pathname: string): AwsError {
  return new AwsError('UnknownOperationException', `Unknown operation ${method} ${pathname}`, 404);
}
