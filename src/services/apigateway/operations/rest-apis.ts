import { defaultModels } from './models.js';
import type { RequestContext } from '../../../server/request-context.js';
import { accepted, created, existingApi, jsonBody, type ApiGatewayEnv, ok, op, optionalString, page, seconds, stringMap } from '../context.js';
import { badRequest } from '../errors.js';
import { newApiId } from '../ids.js';
import type { ApiDocument, RestApi } from '../model.js';
import { importDefinition, putDefinition } from '../openapi/import.js';
import { applyPatch } from '../patch.js';

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

/** A new, empty API document with its root resource `/`. */
export function newApiDocument(env: ApiGatewayEnv, ctx: RequestContext, fields: Partial<RestApi> & { name: string }): ApiDocument {
  let id = newApiId();
  while (env.store.apis.has(id)) id = newApiId();
  const rootId = newApiId();
  const api: RestApi = {
    id,
    createdDate: seconds(env),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
    disableExecuteApiEndpoint: false,
    rootResourceId: rootId,
    ...fields,
  } as RestApi;
  for (const key of Object.keys(api) as (keyof RestApi)[]) if (api[key] === undefined) delete api[key];
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    api,
    resources: { [rootId]: { id: rootId, path: '/' } },
    authorizers: {},
    deployments: {},
    stages: {},
    gatewayResponses: {},
    models: defaultModels(),
    requestValidators: {},
  };
}

/** The members of CreateRestApi that describe the API itself. */
export function apiFields(input: Record<string, unknown>): Partial<RestApi> {
  const endpoint = input.endpointConfiguration as RestApi['endpointConfiguration'] | undefined;
  if (endpoint?.types) {
    for (const t of endpoint.types) if (!ENDPOINT_TYPES.includes(t)) throw badRequest(`Invalid endpoint configuration type: ${t}`);
  }
  const apiKeySource = optionalString(input, 'apiKeySource');
  if (apiKeySource !== undefined && apiKeySource !== 'HEADER' && apiKeySource !== 'AUTHORIZER') {
    throw badRequest(`Invalid API Key source specified: ${apiKeySource}`);
  }
  const binary = input.binaryMediaTypes;
  return {
    description: optionalString(input, 'description'),
    version: optionalString(input, 'version'),
    binaryMediaTypes: Array.isArray(binary) && binary.length > 0 ? binary.map(String) : undefined,
    minimumCompressionSize: typeof input.minimumCompressionSize === 'number' ? input.minimumCompressionSize : undefined,
    apiKeySource: apiKeySource as RestApi['apiKeySource'] | undefined,
    endpointConfiguration: endpoint ? { ipAddressType: 'ipv4', ...endpoint, types: endpoint.types ?? ['EDGE'] } : undefined,
    policy: optionalString(input, 'policy'),
    disableExecuteApiEndpoint: typeof input.disableExecuteApiEndpoint === 'boolean' ? input.disableExecuteApiEndpoint : undefined,
    tags: stringMap<string>(input, 'tags'),
  };
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export const restApiOperations = [
  op('CreateRestApi', 'POST', '/restapis', (env, request, ctx) => {
    if (request.query.get('mode') === 'import') return created(importDefinition(env, ctx, request));
    const input = jsonBody(request);
    const name = optionalString(input, 'name');
    if (!name) throw badRequest('Invalid REST API name specified');
    const doc = newApiDocument(env, ctx, { name, ...defined(apiFields(input)) });
    env.store.saveApi(doc);
    return created(doc.api);
  }),
  op('GetRestApis', 'GET', '/restapis', (env, request, ctx) =>
    ok(
      page(
        env.store.apisOf(ctx).map((d) => d.api),
        request.query,
      ),
    ),
  ),
  op('GetRestApi', 'GET', '/restapis/{restApiId}', (env, request, ctx) => ok(existingApi(env, ctx, request.params.restApiId).api)),
  op('PutRestApi', 'PUT', '/restapis/{restApiId}', (env, request, ctx) => ok(putDefinition(env, ctx, request))),
  op('UpdateRestApi', 'PATCH', '/restapis/{restApiId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const input = jsonBody(request);
    const api = structuredClone(doc.api) as unknown as Record<string, unknown>;
    applyPatch(api, input.patchOperations as never, {
      members: {
        name: 'string',
        description: 'string',
        version: 'string',
        policy: 'string',
        apiKeySource: 'string',
        minimumCompressionSize: 'number',
        disableExecuteApiEndpoint: 'boolean',
      },
      lists: ['binaryMediaTypes'],
    });
    const apiKeySource = api.apiKeySource;
    if (apiKeySource !== 'HEADER' && apiKeySource !== 'AUTHORIZER') throw badRequest(`Invalid API Key source specified: ${String(apiKeySource)}`);
    if (!api.name) throw badRequest('Invalid REST API name specified');
    doc.api = api as unknown as RestApi;
    env.store.saveApi(doc);
    return ok(doc.api);
  }),
  op('DeleteRestApi', 'DELETE', '/restapis/{restApiId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    env.store.deleteApi(doc.api.id);
    return accepted();
  }),
];
