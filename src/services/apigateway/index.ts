import type { ExecuteApiBackend } from '../../contracts.js';
import { RestJsonCodec, type RestJsonOperation } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import type { ApiGatewayEnv } from './context.js';
import { AuthorizerCache } from './data-plane/authorizers.js';
import { serveRestApi } from './data-plane/serve.js';
import { UsageLimits } from './data-plane/usage.js';
import { APIGATEWAY_OPERATIONS } from './operations/index.js';
import { ApiGatewayStore } from './store.js';

// ImportRestApi and PutRestApi take whole definitions; API Gateway allows up to 6 MB of them.
const MAX_DEFINITION_BYTES = 6 * 1024 * 1024;

export type ApiGatewayService = Service & ExecuteApiBackend;

/** Amazon API Gateway REST APIs (v1): the control plane over REST-JSON, and the data plane behind the execute-api front door. */
export function createApiGatewayService(deps: ServiceDeps): ApiGatewayService {
  const store = new ApiGatewayStore(deps.store);
  const authorizerCache = new AuthorizerCache();
  const env: ApiGatewayEnv = { store, clock: deps.clock, deps, authorizerCache };
  const usage = new UsageLimits(env);
  const operations: RestJsonOperation[] = APIGATEWAY_OPERATIONS.map((op) => ({
    name: op.name,
    method: op.method,
    path: op.path,
    maxBodyBytes: MAX_DEFINITION_BYTES,
    run: async (request, ctx) => op.run(env, request, ctx),
  }));
  const codec = new RestJsonCodec(operations);
  return {
    name: 'apigateway',
    signingNames: ['apigateway'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    owns: (apiId) => store.apis.has(apiId),
    serve: (exchange, ctx, apiId, path) => serveRestApi(env, authorizerCache, usage, exchange, ctx, apiId, path),
  };
}

export const apiGatewayModule = defineService({ name: 'apigateway', create: createApiGatewayService, offer: (service): ExecuteApiBackend => service });
