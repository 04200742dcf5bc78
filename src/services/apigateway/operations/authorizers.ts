import { accepted, created, existingApi, jsonBody, ok, op, optionalString, page } from '../context.js';
import { badRequest, invalidAuthorizer, invalidStage } from '../errors.js';
import { newChildId } from '../ids.js';
import type { Authorizer } from '../model.js';
import { applyPatch } from '../patch.js';
import { LAMBDA_URI } from './integrations.js';

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];

export function checkAuthorizer(authorizer: Authorizer): void {
  if (!authorizer.name) throw badRequest('Invalid authorizer name specified');
  if (!TYPES.includes(authorizer.type)) throw badRequest(`Invalid authorizer type specified. Valid options are ${TYPES.join(',')}`);
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    if (!authorizer.providerARNs?.length) throw badRequest('ProviderARNs need to be specified for COGNITO_USER_POOLS type authorizers.');
  } else if (!authorizer.authorizerUri || !LAMBDA_URI.test(authorizer.authorizerUri)) {
    throw badRequest('Invalid Authorizer URI specified');
  }
  if (authorizer.type === 'TOKEN' && !/^method\.request\.header\.[^.\s]+$/.test(authorizer.identitySource ?? '')) {
    throw badRequest(`Invalid identity source specified: ${authorizer.identitySource ?? ''}`);
  }
  if (authorizer.type === 'REQUEST' && (authorizer.authorizerResultTtlInSeconds ?? 0) > 0 && !authorizer.identitySource) {
    throw badRequest('Identity sources are required when authorizer caching is enabled');
  }
  const ttl = authorizer.authorizerResultTtlInSeconds ?? 0;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) throw badRequest('Authorizer TTL must be between 0 and 3600 seconds');
  if (authorizer.identityValidationExpression !== undefined) {
    try {
      new RegExp(authorizer.identityValidationExpression);
    } catch {
      throw badRequest('Invalid identity validation expression specified');
    }
  }
}

export function authorizerOf(id: string, input: Record<string, unknown>): Authorizer {
  const authorizer: Authorizer = {
    id,
    name: optionalString(input, 'name') ?? '',
    type: (optionalString(input, 'type') ?? '') as Authorizer['type'],
    authorizerResultTtlInSeconds: typeof input.authorizerResultTtlInSeconds === 'number' ? input.authorizerResultTtlInSeconds : 300,
  };
  if (Array.isArray(input.providerARNs)) authorizer.providerARNs = input.providerARNs.map(String);
  for (const name of ['authType', 'authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression'] as const) {
    const value = optionalString(input, name);
    if (value !== undefined) authorizer[name] = value;
  }
  return authorizer;
}

export const authorizerOperations = [
  op('CreateAuthorizer', 'POST', '/restapis/{restApiId}/authorizers', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    let id = newChildId();
    while (doc.authorizers[id]) id = newChildId();
    const authorizer = authorizerOf(id, jsonBody(request));
    checkAuthorizer(authorizer);
    doc.authorizers[id] = authorizer;
    env.store.saveApi(doc);
    return created(authorizer);
  }),
  op('GetAuthorizers', 'GET', '/restapis/{restApiId}/authorizers', (env, request, ctx) =>
    ok(page(Object.values(existingApi(env, ctx, request.params.restApiId).authorizers), request.query)),
  ),
  op('GetAuthorizer', 'GET', '/restapis/{restApiId}/authorizers/{authorizerId}', (env, request, ctx) => {
    const authorizer = existingApi(env, ctx, request.params.restApiId).authorizers[request.params.authorizerId ?? ''];
    if (!authorizer) throw invalidAuthorizer();
    return ok(authorizer);
  }),
  op('UpdateAuthorizer', 'PATCH', '/restapis/{restApiId}/authorizers/{authorizerId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const authorizer = doc.authorizers[request.params.authorizerId ?? ''];
    if (!authorizer) throw invalidAuthorizer();
    const patched = structuredClone(authorizer);
    applyPatch(patched as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: {
        name: 'string',
        type: 'string',
        authType: 'string',
        authorizerUri: 'string',
        authorizerCredentials: 'string',
        identitySource: 'string',
        identityValidationExpression: 'string',
        authorizerResultTtlInSeconds: 'number',
      },
      lists: ['providerARNs'],
    });
    checkAuthorizer(patched);
    doc.authorizers[authorizer.id] = patched;
    env.store.saveApi(doc);
    return ok(patched);
  }),
  op('DeleteAuthorizer', 'DELETE', '/restapis/{restApiId}/authorizers/{authorizerId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const authorizer = doc.authorizers[request.params.authorizerId ?? ''];
    if (!authorizer) throw invalidAuthorizer();
    const inUse = Object.values(doc.resources).some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.authorizerId === authorizer.id));
    if (inUse) throw badRequest('Cannot delete authorizer because it is still in use by a method');
    delete doc.authorizers[authorizer.id];
    env.store.saveApi(doc);
    return accepted();
  }),
  op('FlushStageAuthorizersCache', 'DELETE', '/restapis/{restApiId}/stages/{stageName}/cache/authorizers', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    if (!doc.stages[request.params.stageName ?? '']) throw invalidStage();
    env.authorizerCache.flush(doc.api.id, request.params.stageName!);
    return accepted();
  }),
];
