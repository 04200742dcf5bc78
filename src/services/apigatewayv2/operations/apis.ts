import { parseJsonBody } from '../../../protocols/json-body.js';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { apiEndpoint, callersApi, isoTime, type ApiGatewayV2Env } from '../context.js';
import { badRequest } from '../errors.js';
import { newId } from '../ids.js';
import { validHttpRouteKey } from '../route-keys.js';
import type { ApiRow, Doc } from '../store.js';
import { autoDeploy } from './deployments.js';
import { merge, str } from './parts.js';
import { page } from './paging.js';

const UPDATABLE = [
  'apiKeySelectionExpression',
  'corsConfiguration',
  'description',
  'disableExecuteApiEndpoint',
  'disableSchemaValidation',
  'ipAddressType',
  'name',
  'routeSelectionExpression',
  'version',
];

function checkCors(doc: Doc): void {
  const cors = doc.corsConfiguration as { allowOrigins?: unknown; allowCredentials?: unknown } | undefined;
  if (!cors) return;
  if (doc.protocolType === 'WEBSOCKET') throw badRequest('CORS is not supported for WEBSOCKET APIs.');
  if (cors.allowCredentials === true && Array.isArray(cors.allowOrigins) && cors.allowOrigins.includes('*')) {
    throw badRequest('allow-credentials is not supported when allow-origins is *.');
  }
}

/**
 * Quick create: `Target` makes an AWS_PROXY (payload 2.0) or HTTP_PROXY integration, a route for
 * `RouteKey` (`$default` when absent) and the auto-deploying `$default` stage, all API Gateway managed.
 */
function quickCreate(env: ApiGatewayV2Env, api: ApiRow, target: string, routeKey: string): void {
  const now = env.clock.now();
  const integrationId = newId(7);
  const lambda = target.startsWith('arn:');
  env.store.putPart(
    api.apiId,
    'integrations',
    integrationId,
    {
      apiGatewayManaged: true,
      connectionType: 'INTERNET',
      integrationId,
      integrationMethod: lambda ? 'POST' : 'ANY',
      integrationType: lambda ? 'AWS_PROXY' : 'HTTP_PROXY',
      integrationUri: target,
      payloadFormatVersion: lambda ? '2.0' : '1.0',
      timeoutInMillis: 30_000,
    },
    now,
  );
  const routeId = newId(7);
  env.store.putPart(
    api.apiId,
    'routes',
    routeId,
    { apiGatewayManaged: true, apiKeyRequired: false, authorizationType: 'NONE', routeId, routeKey, target: `integrations/${integrationId}` },
    now,
  );
  const created = isoTime(now);
  env.store.putPart(
    api.apiId,
    'stages',
    '$default',
    {
      apiGatewayManaged: true,
      autoDeploy: true,
      createdDate: created,
      defaultRouteSettings: { detailedMetricsEnabled: false },
      lastUpdatedDate: created,
      routeSettings: {},
      stageName: '$default',
      stageVariables: {},
      tags: {},
    },
    now,
  );
  autoDeploy(env, api);
}

function createApi(env: ApiGatewayV2Env, input: Doc, ctx: RequestContext): Doc {
  const name = str(input, 'name');
  const protocolType = str(input, 'protocolType');
  if (!name) throw badRequest('Name is required.');
  if (protocolType !== 'HTTP' && protocolType !== 'WEBSOCKET') throw badRequest(`Invalid protocol type: ${protocolType}`);
  const websocket = protocolType === 'WEBSOCKET';
  const routeSelectionExpression = str(input, 'routeSelectionExpression');
  if (websocket && !routeSelectionExpression) throw badRequest('RouteSelectionExpression is required for WEBSOCKET APIs.');
  const target = str(input, 'target');
  const routeKey = str(input, 'routeKey');
  if (websocket && (target || routeKey)) throw badRequest('Target and RouteKey are not supported for WEBSOCKET APIs.');
  if (routeKey && !target) throw badRequest('RouteKey can only be specified together with Target.');
  if (routeKey && !validHttpRouteKey(routeKey)) throw badRequest(`Unable to create route. Invalid route key: '${routeKey}'.`);
  const apiId = newId(10);
  const doc: Doc = merge(
    {
      apiEndpoint: apiEndpoint(env, apiId, protocolType),
      apiId,
      apiKeySelectionExpression: '$request.header.x-api-key',
      createdDate: isoTime(env.clock.now()),
      disableExecuteApiEndpoint: false,
      ipAddressType: 'ipv4',
      name,
      protocolType,
      routeSelectionExpression: routeSelectionExpression ?? '$request.method $request.path',
      tags: {},
    },
    input,
    [...UPDATABLE, 'tags'],
  );
  checkCors(doc);
  const api = { apiId, accountId: ctx.accountId, region: ctx.region, doc };
  env.store.transaction(() => {
    env.store.insertApi(api, env.clock.now());
    if (target) quickCreate(env, api, target, routeKey ?? '$default');
  });
  return doc;
}

export function apiOperations(env: ApiGatewayV2Env): RestJsonOperation[] {
  return [
    {
      name: 'CreateApi',
      method: 'POST',
      path: '/v2/apis',
      run: async (request, ctx) => ({ status: 201, body: createApi(env, parseJsonBody(request.body), ctx) }),
    },
    {
      name: 'GetApis',
      method: 'GET',
      path: '/v2/apis',
      run: async (request, ctx) => ({
        body: page(
          env.store.apis(ctx.accountId, ctx.region).map((a) => a.doc),
          request,
        ),
      }),
    },
    {
      name: 'GetApi',
      method: 'GET',
      path: '/v2/apis/{apiId}',
      run: async (request, ctx) => ({ body: callersApi(env, ctx, request.params.apiId!).doc }),
    },
    {
      name: 'UpdateApi',
      method: 'PATCH',
      path: '/v2/apis/{apiId}',
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        const doc = merge(api.doc, parseJsonBody(request.body), UPDATABLE);
        checkCors(doc);
        env.store.updateApi(api.apiId, doc);
        return { body: doc };
      },
    },
    {
      name: 'DeleteApi',
      method: 'DELETE',
      path: '/v2/apis/{apiId}',
      async run(request, ctx) {
        const api = callersApi(env, ctx, request.params.apiId!);
        env.store.deleteApi(api.apiId);
        return { status: 204 };
      },
    },
  ];
}
