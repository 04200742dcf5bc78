import { badRequest, conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { validHttpRouteKey } from '../route-keys.js';
import type { ApiGatewayV2Env } from '../context.js';
import type { ApiRow, Doc } from '../store.js';
import { autoDeploy } from './deployments.js';
import { merge, str, type PartSpec } from './parts.js';

const FIELDS = [
  'apiKeyRequired',
  'authorizationScopes',
  'authorizationType',
  'authorizerId',
  'modelSelectionExpression',
  'operationName',
  'requestModels',
  'requestParameters',
  'routeKey',
  'routeResponseSelectionExpression',
  'target',
];
const AUTHORIZATION_TYPES = new Set(['NONE', 'AWS_IAM', 'CUSTOM', 'JWT']);

function check(env: ApiGatewayV2Env, api: ApiRow, doc: Doc): void {
  const routeKey = String(doc.routeKey ?? '');
  const websocket = api.doc.protocolType === 'WEBSOCKET';
  if (!routeKey) throw badRequest('RouteKey is required.');
  if (!websocket && !validHttpRouteKey(routeKey)) throw badRequest(`Unable to create route. Invalid route key: '${routeKey}'.`);
  const clash = env.store.parts(api.apiId, 'routes').find((r) => r.routeKey === routeKey && r.routeId !== doc.routeId);
  if (clash) throw conflict(`Route with key ${routeKey} already exists for this API`);
  const type = String(doc.authorizationType);
  if (!AUTHORIZATION_TYPES.has(type)) throw badRequest(`Invalid authorization type: ${type}`);
  if ((type === 'CUSTOM' || type === 'JWT') && !doc.authorizerId) throw badRequest(`An authorizerId must be specified for authorization type ${type}.`);
  if (doc.authorizerId !== undefined) {
    const authorizer = env.store.part(api.apiId, 'authorizers', String(doc.authorizerId));
    if (!authorizer) throw notFound(`Invalid Authorizer identifier specified ${api.accountId}:${api.apiId}:${doc.authorizerId}`, 'Authorizer');
    const expected = authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM';
    if (type !== expected) throw badRequest(`AuthorizationType must be ${expected} for authorizer ${doc.authorizerId}.`);
  }
  const target = str(doc, 'target');
  if (target !== undefined) {
    const m = /^integrations\/([a-z0-9]+)$/.exec(target);
    if (!m) throw badRequest(`Invalid target: ${target}. The target must be of the form integrations/{integrationId}.`);
    if (!env.store.part(api.apiId, 'integrations', m[1]!))
      throw notFound(`Invalid Integration identifier specified ${api.accountId}:${api.apiId}:${m[1]}`, 'Integration');
  }
}

export const ROUTES: PartSpec = {
  kind: 'routes',
  singular: 'Route',
  plural: 'Routes',
  idField: 'routeId',
  notFoundMessage: (ctx, api, id) => `Invalid Route identifier specified ${ctx.accountId}:${api.apiId}:${id}`,
  create(env, api, input) {
    const doc = merge({ apiKeyRequired: false, authorizationType: 'NONE', routeId: newId(7) }, input, FIELDS);
    check(env, api, doc);
    return doc;
  },
  update(env, api, current, input) {
    const doc = merge(current, input, FIELDS);
    if (doc.authorizationType === 'NONE') delete doc.authorizerId;
    check(env, api, doc);
    return doc;
  },
  afterWrite: (env, api) => autoDeploy(env, api),
  afterDelete: (env, api) => autoDeploy(env, api),
};
