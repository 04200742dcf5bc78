import type { ExecuteApiBackend } from '../../contracts.js';
import { RestJsonCodec } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import type { ApiGatewayV2Env } from './context.js';
import { HttpApiDataPlane } from './http/serve.js';
import { controlPlaneOperations } from './operations/index.js';
import { ApiGatewayV2Store } from './store.js';
import { WebSocketApis } from './websocket/server.js';

export type ApiGatewayV2Service = Service & ExecuteApiBackend;

/**
 * Amazon API Gateway v2 (REST-JSON, signed `apigateway` like v1, every path under `/v2/`): HTTP and
 * WebSocket APIs. Their data planes are reached through the execute-api front door.
 */
export function createApiGatewayV2Service(deps: ServiceDeps): ApiGatewayV2Service {
  const env: ApiGatewayV2Env = { store: new ApiGatewayV2Store(deps.store), clock: deps.clock, deps };
  const codec = new RestJsonCodec(controlPlaneOperations(env));
  const http = new HttpApiDataPlane(env);
  const websockets = new WebSocketApis(env);
  return {
    name: 'apigatewayv2',
    signingNames: [],
    signedPaths: [{ signingName: 'apigateway', pathPrefix: '/v2/' }],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    owns: (apiId) => env.store.api(apiId) !== undefined,
    async serve(exchange, ctx, apiId, path) {
      const api = env.store.api(apiId)!;
      if (api.doc.protocolType === 'WEBSOCKET') return websockets.serveHttp(exchange, ctx, api, path);
      return http.serve(exchange, ctx, api, path);
    },
    upgradeApi(req, socket, head, apiId, path) {
      const api = env.store.api(apiId);
      if (api?.doc.protocolType !== 'WEBSOCKET') return false;
      websockets.upgrade(req, socket, head, api, path);
      return true;
    },
    stop: () => websockets.close(),
  };
}

export const apiGatewayV2Module = defineService({
  name: 'apigatewayv2',
  create: createApiGatewayV2Service,
  offer: (service): ExecuteApiBackend => service,
});
