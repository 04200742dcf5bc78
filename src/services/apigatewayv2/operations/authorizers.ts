import { badRequest } from '../errors.js';
import { newId } from '../ids.js';
import type { ApiRow, Doc } from '../store.js';
import { autoDeploy } from './deployments.js';
import { merge, type PartSpec } from './parts.js';

const FIELDS = [
  'authorizerCredentialsArn',
  'authorizerPayloadFormatVersion',
  'authorizerResultTtlInSeconds',
  'authorizerType',
  'authorizerUri',
  'enableSimpleResponses',
  'identitySource',
  'identityValidationExpression',
  'jwtConfiguration',
  'name',
];

function check(api: ApiRow, doc: Doc): void {
  const websocket = api.doc.protocolType === 'WEBSOCKET';
  const type = String(doc.authorizerType ?? '');
  if (!doc.name) throw badRequest('Name is required.');
  if (type !== 'REQUEST' && type !== 'JWT') throw badRequest(`Invalid authorizer type: ${type}`);
  if (type === 'JWT') {
    if (websocket) throw badRequest('JWT authorizers are not supported for WEBSOCKET APIs.');
    const jwt = doc.jwtConfiguration as { issuer?: unknown } | undefined;
    if (!jwt || typeof jwt.issuer !== 'string') throw badRequest('JwtConfiguration with an Issuer is required for JWT authorizers.');
    return;
  }
  if (!doc.authorizerUri) throw badRequest('AuthorizerUri is required for REQUEST authorizers.');
  if (!websocket) {
    const version = doc.authorizerPayloadFormatVersion;
    if (version !== '1.0' && version !== '2.0')
      throw badRequest('AuthorizerPayloadFormatVersion is required for HTTP API Lambda authorizers and must be 1.0 or 2.0.');
    if (doc.enableSimpleResponses === true && version !== '2.0')
      throw badRequest('Simple responses are supported only for authorizer payload format version 2.0.');
  }
  const ttl = Number(doc.authorizerResultTtlInSeconds ?? 0);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) throw badRequest('AuthorizerResultTtlInSeconds must be between 0 and 3600.');
  if (ttl > 0 && (!Array.isArray(doc.identitySource) || doc.identitySource.length === 0)) {
    throw badRequest('Identity sources are required when caching is enabled.');
  }
}

export const AUTHORIZERS: PartSpec = {
  kind: 'authorizers',
  singular: 'Authorizer',
  plural: 'Authorizers',
  idField: 'authorizerId',
  notFoundMessage: (ctx, api, id) => `Invalid Authorizer identifier specified ${ctx.accountId}:${api.apiId}:${id}`,
  create(_env, api, input) {
    const doc = merge({ authorizerId: newId(6) }, input, FIELDS);
    if (doc.authorizerType === 'JWT' && doc.identitySource === undefined) doc.identitySource = ['$request.header.Authorization'];
    if (doc.authorizerType === 'REQUEST' && api.doc.protocolType === 'HTTP') doc.authorizerResultTtlInSeconds ??= 0;
    check(api, doc);
    return doc;
  },
  update(_env, api, current, input) {
    const doc = merge(current, input, FIELDS);
    check(api, doc);
    return doc;
  },
  beforeDelete(env, api, doc) {
    const user = env.store.parts(api.apiId, 'routes').find((r) => r.authorizerId === doc.authorizerId);
    if (user) throw badRequest(`Cannot delete authorizer '${doc.authorizerId}', is referenced in route: ${user.routeKey}`);
  },
  afterWrite: (env, api) => autoDeploy(env, api),
  afterDelete: (env, api) => autoDeploy(env, api),
};
