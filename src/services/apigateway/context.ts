import type { Clock } from '../../clock.js';
import type { RestJsonOperation, RestJsonRequest, RestJsonResponse } from '../../protocols/rest-json.js';
import type { RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import { badRequest, invalidApi, invalidMethod, invalidResource } from './errors.js';
import type { ApiDocument, Method, Resource } from './model.js';
import type { ApiGatewayStore } from './store.js';

export interface ApiGatewayEnv {
  store: ApiGatewayStore;
  clock: Clock;
  deps: ServiceDeps;
  /** Lambda authorizer results by stage, which FlushStageAuthorizersCache empties. */
  authorizerCache: { flush(apiId: string, stage: string): void };
}

export type Handler = (env: ApiGatewayEnv, request: RestJsonRequest, ctx: RequestContext) => RestJsonResponse | Promise<RestJsonResponse>;

export interface OperationDef {
  name: string;
  method: RestJsonOperation['method'];
  path: string;
  run: Handler;
}

export const op = (name: string, method: RestJsonOperation['method'], path: string, run: Handler): OperationDef => ({ name, method, path, run });

/** The JSON body of a request (an empty body is `{}`); anything else is AWS's parse error. */
export function jsonBody(request: RestJsonRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badRequest('Could not parse request body into json: Unexpected character');
}

export const seconds = (env: ApiGatewayEnv): number => Math.floor(env.clock.now() / 1000);

export function existingApi(env: ApiGatewayEnv, ctx: RequestContext, id: string | undefined): ApiDocument {
  const doc = id ? env.store.api(ctx, id) : undefined;
  if (!doc) throw invalidApi(ctx.accountId, id ?? '');
  return doc;
}

export function existingResource(doc: ApiDocument, id: string | undefined): Resource {
  const resource = id ? doc.resources[id] : undefined;
  if (!resource) throw invalidResource();
  return resource;
}

export function existingMethod(resource: Resource, httpMethod: string | undefined): Method {
  const method = httpMethod ? resource.resourceMethods?.[httpMethod.toUpperCase()] : undefined;
  if (!method) throw invalidMethod();
  return method;
}

/** `{ item: [...], position }`: API Gateway's list shape; `position` is the offset of the next page. */
export function page<T>(items: readonly T[], query: URLSearchParams): { item: T[]; position?: string } {
  const limit = Math.min(500, Math.max(1, Number(query.get('limit') ?? 25) || 25));
  const start = Number(query.get('position') ?? 0) || 0;
  const item = items.slice(start, start + limit);
  return start + limit < items.length ? { item, position: String(start + limit) } : { item };
}

export const created = (body: unknown): RestJsonResponse => ({ status: 201, body });
export const ok = (body: unknown): RestJsonResponse => ({ status: 200, body });
export const accepted = (): RestJsonResponse => ({ status: 202 });
export const noContent = (): RestJsonResponse => ({ status: 204 });

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value for ${name}`);
  return v;
}

export function stringMap<T>(input: Record<string, unknown>, name: string): Record<string, T> | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`Invalid value for ${name}`);
  return v as Record<string, T>;
}
