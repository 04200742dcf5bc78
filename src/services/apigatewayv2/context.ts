import type { Clock } from '../../clock.js';
import type { RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import { apiNotFound } from './errors.js';
import type { ApiGatewayV2Store, ApiRow } from './store.js';

/** What the control plane and the data planes share. */
export interface ApiGatewayV2Env {
  store: ApiGatewayV2Store;
  clock: Clock;
  deps: ServiceDeps;
}

/** `http://{api-id}.execute-api.localhost:{port}` (`ws://` for WebSocket APIs). */
export function apiEndpoint(env: ApiGatewayV2Env, apiId: string, protocolType: string): string {
  const port = new URL(env.deps.endpointUrl()).port;
  return `${protocolType === 'WEBSOCKET' ? 'ws' : 'http'}://${apiId}.execute-api.localhost${port ? `:${port}` : ''}`;
}

/** The caller's API, or AWS's NotFoundException (an API of another account or region is not found either). */
export function callersApi(env: ApiGatewayV2Env, ctx: RequestContext, apiId: string): ApiRow {
  const api = env.store.api(apiId);
  if (!api || api.accountId !== ctx.accountId || api.region !== ctx.region) throw apiNotFound(ctx.accountId, apiId);
  return api;
}

/** `2026-12-02T16:46:35Z`: API Gateway's timestamps have no fraction. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
