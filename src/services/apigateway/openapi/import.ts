import { parse as parseYaml } from 'yaml';
import type { RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { type ApiGatewayEnv, existingApi } from '../context.js';
import { badRequest } from '../errors.js';
import { newChildId } from '../ids.js';
import type { ApiDocument, Authorizer, Integration, IntegrationResponse, Method, Resource } from '../model.js';
import { newApiDocument } from '../operations/rest-apis.js';
import { addResource } from '../operations/resources.js';
import { gatewayResponseOf } from '../operations/gateway-responses.js';

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read as loosely as users write it.
type Json = Record<string, any>;

const VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** An OpenAPI 3 or Swagger 2 definition, JSON or YAML, as ImportRestApi and PutRestApi take it. */
function parseDefinition(body: Buffer): Json {
  let spec: unknown;
  try {
    spec = parseYaml(body.toString('utf8'));
  } catch {
    throw badRequest('Invalid OpenAPI input.');
  }
  if (!spec || typeof spec !== 'object' || (!('openapi' in spec) && !('swagger' in spec))) throw badRequest('Invalid OpenAPI input.');
  return spec as Json;
}

function securitySchemes(spec: Json): Json {
  return spec.components?.securitySchemes ?? spec.securityDefinitions ?? {};
}

function authorizersOf(doc: ApiDocument, spec: Json): Map<string, Authorizer> {
  const out = new Map<string, Authorizer>();
  for (const [name, scheme] of Object.entries(securitySchemes(spec) as Record<string, Json>)) {
    const ext = scheme['x-amazon-apigateway-authorizer'];
    if (!ext) continue;
    const type =
      String(ext.type ?? 'token').toUpperCase() === 'REQUEST'
        ? 'REQUEST'
        : String(ext.type).toUpperCase() === 'COGNITO_USER_POOLS'
          ? 'COGNITO_USER_POOLS'
          : 'TOKEN';
    const authorizer: Authorizer = {
      id: newChildId(),
      name,
      type,
      authType: scheme['x-amazon-apigateway-authtype'] ?? 'custom',
      authorizerResultTtlInSeconds: ext.authorizerResultTtlInSeconds ?? 300,
    };
    if (ext.authorizerUri) authorizer.authorizerUri = ext.authorizerUri;
    if (ext.authorizerCredentials) authorizer.authorizerCredentials = ext.authorizerCredentials;
    if (ext.identityValidationExpression) authorizer.identityValidationExpression = ext.identityValidationExpression;
    if (ext.providerARNs) authorizer.providerARNs = ext.providerARNs;
    authorizer.identitySource = ext.identitySource ?? (type === 'TOKEN' ? `method.request.header.${scheme.name ?? 'Authorization'}` : undefined);
    if (!authorizer.identitySource) delete authorizer.identitySource;
    out.set(name, authorizer);
    doc.authorizers[authorizer.id] = authorizer;
  }
  return out;
}

function integrationOf(resource: Resource, ext: Json): Integration {
  const integration: Integration = {
    type: String(ext.type ?? 'mock').toUpperCase() as Integration['type'],
    passthroughBehavior: String(ext.passthroughBehavior ?? 'when_no_match').toUpperCase(),
    timeoutInMillis: ext.timeoutInMillis ?? 29_000,
    cacheNamespace: ext.cacheNamespace ?? resource.id,
    cacheKeyParameters: ext.cacheKeyParameters ?? [],
  };
  if (ext.httpMethod) integration.httpMethod = String(ext.httpMethod).toUpperCase();
  if (ext.uri) integration.uri = ext.uri;
  if (ext.credentials) integration.credentials = ext.credentials;
  if (ext.connectionType) integration.connectionType = ext.connectionType;
  if (ext.contentHandling) integration.contentHandling = ext.contentHandling;
  if (ext.requestParameters) integration.requestParameters = ext.requestParameters;
  if (ext.requestTemplates) integration.requestTemplates = ext.requestTemplates;
  const responses: Record<string, IntegrationResponse> = {};
  for (const [pattern, r] of Object.entries((ext.responses ?? {}) as Record<string, Json>)) {
    const statusCode = String(r.statusCode ?? '200');
    const response: IntegrationResponse = { statusCode };
    if (pattern !== 'default') response.selectionPattern = pattern;
    if (r.responseParameters) response.responseParameters = r.responseParameters;
    if (r.responseTemplates) response.responseTemplates = r.responseTemplates;
    if (r.contentHandling) response.contentHandling = r.contentHandling;
    responses[statusCode] = response;
  }
  if (Object.keys(responses).length > 0) integration.integrationResponses = responses;
  return integration;
}

function methodOf(spec: Json, httpMethod: string, operation: Json, inherited: Json[], authorizers: Map<string, Authorizer>, resource: Resource): Method {
  const method: Method = { httpMethod, authorizationType: 'NONE', apiKeyRequired: false };
  if (operation.operationId) method.operationName = operation.operationId;
  const security: Json[] = operation.security ?? spec.security ?? [];
  const schemes = securitySchemes(spec);
  for (const requirement of security) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name] ?? {};
      const authorizer = authorizers.get(name);
      if (authorizer) {
        method.authorizationType = authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
        method.authorizerId = authorizer.id;
      } else if (scheme.type === 'apiKey' && String(scheme.name).toLowerCase() === 'x-api-key') {
        method.apiKeyRequired = true;
      } else if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') {
        method.authorizationType = 'AWS_IAM';
      }
    }
  }
  const requestParameters: Record<string, boolean> = {};
  for (const p of [...inherited, ...(operation.parameters ?? [])] as Json[]) {
    const where = p.in === 'query' ? 'querystring' : p.in;
    if (where === 'path' || where === 'querystring' || where === 'header') requestParameters[`method.request.${where}.${p.name}`] = p.required === true;
  }
  if (Object.keys(requestParameters).length > 0) method.requestParameters = requestParameters;
  const responses: Record<string, { statusCode: string; responseParameters?: Record<string, boolean> }> = {};
  for (const [code, r] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
    if (!/^\d{3}$/.test(code)) continue;
    const response: { statusCode: string; responseParameters?: Record<string, boolean> } = { statusCode: code };
    const headers = Object.keys(r?.headers ?? {});
    if (headers.length > 0) response.responseParameters = Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false]));
    responses[code] = response;
  }
  if (Object.keys(responses).length > 0) method.methodResponses = responses;
  const ext = operation['x-amazon-apigateway-integration'];
  if (ext) method.methodIntegration = integrationOf(resource, ext);
  return method;
}

/** The resource for `path`, created (with its parents) as needed. */
function resourceAt(doc: ApiDocument, path: string): Resource {
  let current = doc.resources[doc.api.rootResourceId]!;
  for (const part of path.split('/').filter(Boolean)) {
    const found = Object.values(doc.resources).find((r) => r.parentId === current.id && r.pathPart === part);
    current = found ?? addResource(doc, current, part);
  }
  return current;
}

/** Fills `doc` from a definition: paths, methods, integrations, authorizers and the API's extensions. */
function load(doc: ApiDocument, spec: Json): void {
  const authorizers = authorizersOf(doc, spec);
  if (spec.info?.description) doc.api.description = spec.info.description;
  if (spec.info?.version) doc.api.version = String(spec.info.version);
  const binary = spec['x-amazon-apigateway-binary-media-types'];
  if (Array.isArray(binary)) doc.api.binaryMediaTypes = binary.map(String);
  const keySource = spec['x-amazon-apigateway-api-key-source'];
  if (keySource === 'HEADER' || keySource === 'AUTHORIZER') doc.api.apiKeySource = keySource;
  for (const [type, r] of Object.entries((spec['x-amazon-apigateway-gateway-responses'] ?? {}) as Record<string, Json>)) {
    doc.gatewayResponses[type] = gatewayResponseOf(type, { ...r, statusCode: r.statusCode === undefined ? undefined : String(r.statusCode) });
  }
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    const resource = resourceAt(doc, path);
    const methods: Record<string, Method> = { ...resource.resourceMethods };
    for (const [key, operation] of Object.entries(item)) {
      const verb = key === 'x-amazon-apigateway-any-method' ? 'ANY' : VERBS.includes(key) ? key.toUpperCase() : undefined;
      if (!verb) continue;
      methods[verb] = methodOf(spec, verb, operation as Json, item.parameters ?? [], authorizers, resource);
    }
    if (Object.keys(methods).length > 0) resource.resourceMethods = methods;
  }
}

/** ImportRestApi: a new API from a definition. */
export function importDefinition(env: ApiGatewayEnv, ctx: RequestContext, request: RestJsonRequest): unknown {
  const spec = parseDefinition(request.body);
  const name = spec.info?.title;
  if (!name) throw badRequest('Invalid OpenAPI input: the API needs a title (info.title).');
  const doc = newApiDocument(env, ctx, { name: String(name) });
  const endpoint = request.query.get('parameters[endpointConfigurationTypes]') ?? request.query.get('endpointConfigurationTypes');
  if (endpoint) doc.api.endpointConfiguration = { types: [endpoint], ipAddressType: 'ipv4' };
  load(doc, spec);
  env.store.saveApi(doc);
  return doc.api;
}

/** PutRestApi: `overwrite` replaces the API's resources with the definition's; `merge` (the default) adds to them. */
export function putDefinition(env: ApiGatewayEnv, ctx: RequestContext, request: RestJsonRequest): unknown {
  const doc = existingApi(env, ctx, request.params.restApiId);
  const spec = parseDefinition(request.body);
  const working = structuredClone(doc);
  if (request.query.get('mode') === 'overwrite') {
    const root = working.resources[working.api.rootResourceId]!;
    working.resources = { [root.id]: { id: root.id, path: '/' } };
    working.authorizers = {};
    if (spec.info?.title) working.api.name = String(spec.info.title);
  }
  load(working, spec);
  env.store.saveApi(working);
  return working.api;
}
