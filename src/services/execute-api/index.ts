import type { ExecuteApiBackend } from '../../contracts.js';
import { send } from '../../protocols/http.js';
import type { HttpExchange, RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';

/** `{api-id}.execute-api.localhost`, optionally with a region label as AWS's hosts carry one. */
export const EXECUTE_API_HOST = /^([a-z0-9]{1,32})\.execute-api(?:\.[a-z0-9-]+)?\.localhost$/;
/** The form for clients that cannot resolve `*.localhost`: `/_aws/execute-api/{api-id}/...`. */
export const EXECUTE_API_PATH = /^\/_aws\/execute-api\/([a-z0-9]{1,32})(\/.*)?$/;

/**
 * The front door of every API Gateway data plane: finds the API id in the host or the path and
 * hands the request to the flavour that owns it (REST APIs, HTTP and WebSocket APIs).
 */
export function createExecuteApiService(deps: ServiceDeps): Service {
  const backends = (): ExecuteApiBackend[] => [deps.ports.apigateway, deps.ports.apigatewayv2].filter((b): b is ExecuteApiBackend => b !== undefined);
  return {
    name: 'execute-api',
    signingNames: ['execute-api'],
    hosts: [EXECUTE_API_HOST],
    claims: (_req, url) => EXECUTE_API_PATH.test(url.pathname),
    // APIs serve browsers of any origin; their own CORS configuration decides what the browser may read.
    acceptsCrossOrigin: (exchange) => apiOf(exchange) !== undefined,
    upgrade(req, socket, head, url) {
      const target = apiOf({ req, url });
      const backend = target && backends().find((b) => b.owns(target.apiId));
      return Boolean(target && backend?.upgradeApi?.(req, socket, head, target.apiId, target.path));
    },
    async handle(exchange: HttpExchange, ctx: RequestContext) {
      const target = apiOf(exchange);
      const backend = target && backends().find((b) => b.owns(target.apiId));
      if (!target || !backend) {
        // An id no API has: AWS's edge answers before any API is involved.
        send(
          exchange.res,
          403,
          { 'content-type': 'application/json', 'x-amzn-errortype': 'ForbiddenException', 'x-amzn-requestid': ctx.requestId },
          '{"message":"Forbidden"}',
        );
        return;
      }
      await backend.serve(exchange, ctx, target.apiId, target.path);
    },
  };
}

/** The API id and the path after it, from the host form or the path form. */
export function apiOf(exchange: Pick<HttpExchange, 'req' | 'url'>): { apiId: string; path: string } | undefined {
  const host = (exchange.req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const byHost = EXECUTE_API_HOST.exec(host);
  if (byHost) return { apiId: byHost[1] as string, path: exchange.url.pathname };
  const byPath = EXECUTE_API_PATH.exec(exchange.url.pathname);
  if (byPath) return { apiId: byPath[1] as string, path: byPath[2] ?? '/' };
  return undefined;
}

export const executeApiModule = defineService({ name: 'execute-api', create: createExecuteApiService });
