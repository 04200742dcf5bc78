import { created, existingApi, existingMethod, existingResource, jsonBody, noContent, ok, op, optionalString, stringMap } from '../context.js';
import { badRequest, invalidIntegration, invalidResponse } from '../errors.js';
import type { Integration, IntegrationResponse, IntegrationType, Method, Resource } from '../model.js';
import { applyPatch } from '../patch.js';
import { checkStatusCode, HTTP_METHODS } from './methods.js';

const TYPES: readonly IntegrationType[] = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];
/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations` */
export const LAMBDA_URI = /^arn:aws:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

/** Checks an integration as PutIntegration and UpdateIntegration do. */
export function checkIntegration(integration: Integration): void {
  if (!TYPES.includes(integration.type)) throw badRequest(`Invalid integration type specified. Valid options are ${TYPES.join(',')}`);
  if (integration.type !== 'MOCK') {
    if (!integration.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!HTTP_METHODS.includes(integration.httpMethod))
      throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    if (!integration.uri) throw badRequest('Invalid Uri specified');
    if (integration.type.startsWith('HTTP') && !/^https?:\/\/[^\s/]+/.test(integration.uri) && !integration.uri.includes('${stageVariables.')) {
      throw badRequest(`Invalid HTTP endpoint specified for URI`);
    }
    if (integration.type.startsWith('AWS') && !integration.uri.startsWith('arn:aws:apigateway:')) {
      throw badRequest('AWS ARN for integration must contain path or action');
    }
    if (integration.type === 'AWS_PROXY' && !LAMBDA_URI.test(integration.uri)) {
      throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
    }
  }
  if (integration.passthroughBehavior && !PASSTHROUGH.includes(integration.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${integration.passthroughBehavior}`);
  }
  if (integration.contentHandling && !CONTENT_HANDLING.includes(integration.contentHandling)) throw badRequest('Invalid content handling specified');
  if (integration.timeoutInMillis < 50 || integration.timeoutInMillis > 29_000) throw badRequest('Timeout should be between 50 ms and 29000 ms');
}

/** The Integration a PutIntegration body describes, with API Gateway's defaults. */
export function integrationOf(resource: Resource, input: Record<string, unknown>): Integration {
  const type = (optionalString(input, 'type') ?? '') as IntegrationType;
  const integration: Integration = { type, timeoutInMillis: 29_000 };
  const httpMethod = optionalString(input, 'httpMethod') ?? optionalString(input, 'integrationHttpMethod');
  if (httpMethod) integration.httpMethod = httpMethod.toUpperCase();
  const uri = optionalString(input, 'uri');
  if (uri) integration.uri = uri;
  for (const name of ['connectionType', 'connectionId', 'credentials', 'contentHandling'] as const) {
    const value = optionalString(input, name);
    if (value) integration[name] = value;
  }
  const requestParameters = stringMap<string>(input, 'requestParameters');
  if (requestParameters && Object.keys(requestParameters).length > 0) integration.requestParameters = requestParameters;
  const requestTemplates = stringMap<string>(input, 'requestTemplates');
  if (requestTemplates && Object.keys(requestTemplates).length > 0) integration.requestTemplates = requestTemplates;
  integration.passthroughBehavior = optionalString(input, 'passthroughBehavior') ?? 'WHEN_NO_MATCH';
  if (typeof input.timeoutInMillis === 'number') integration.timeoutInMillis = input.timeoutInMillis;
  integration.cacheNamespace = optionalString(input, 'cacheNamespace') ?? resource.id;
  integration.cacheKeyParameters = Array.isArray(input.cacheKeyParameters) ? input.cacheKeyParameters.map(String) : [];
  if (input.tlsConfig && typeof input.tlsConfig === 'object') integration.tlsConfig = input.tlsConfig as Integration['tlsConfig'];
  return integration;
}

export function integrationResponseOf(statusCode: string, input: Record<string, unknown>): IntegrationResponse {
  const response: IntegrationResponse = { statusCode };
  const selectionPattern = optionalString(input, 'selectionPattern');
  if (selectionPattern !== undefined) {
    try {
      new RegExp(selectionPattern);
    } catch {
      throw badRequest(`Invalid selection pattern specified: ${selectionPattern}`);
    }
    response.selectionPattern = selectionPattern;
  }
  const responseParameters = stringMap<string>(input, 'responseParameters');
  if (responseParameters && Object.keys(responseParameters).length > 0) response.responseParameters = responseParameters;
  const responseTemplates = stringMap<string>(input, 'responseTemplates');
  if (responseTemplates && Object.keys(responseTemplates).length > 0) response.responseTemplates = responseTemplates;
  const contentHandling = optionalString(input, 'contentHandling');
  if (contentHandling) response.contentHandling = contentHandling;
  return response;
}

function existingIntegration(method: Method): Integration {
  if (!method.methodIntegration) throw invalidIntegration();
  return method.methodIntegration;
}

function existingIntegrationResponse(integration: Integration, statusCode: string | undefined): IntegrationResponse {
  const response = statusCode ? integration.integrationResponses?.[statusCode] : undefined;
  if (!response) throw invalidResponse();
  return response;
}

const METHOD = '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}';

export const integrationOperations = [
  op('PutIntegration', 'PUT', `${METHOD}/integration`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    const method = existingMethod(resource, request.params.httpMethod);
    const integration = integrationOf(resource, jsonBody(request));
    checkIntegration(integration);
    method.methodIntegration = integration;
    env.store.saveApi(doc);
    return created(integration);
  }),
  op('GetIntegration', 'GET', `${METHOD}/integration`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    return ok(existingIntegration(existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod)));
  }),
  op('UpdateIntegration', 'PATCH', `${METHOD}/integration`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const patched = structuredClone(existingIntegration(method)) as unknown as Record<string, unknown>;
    applyPatch(patched, jsonBody(request).patchOperations as never, {
      members: {
        type: 'string',
        httpMethod: 'string',
        uri: 'string',
        connectionType: 'string',
        connectionId: 'string',
        credentials: 'string',
        passthroughBehavior: 'string',
        contentHandling: 'string',
        timeoutInMillis: 'number',
        cacheNamespace: 'string',
      },
      maps: { requestParameters: 'string', requestTemplates: 'string' },
      lists: ['cacheKeyParameters'],
    });
    checkIntegration(patched as unknown as Integration);
    method.methodIntegration = patched as unknown as Integration;
    env.store.saveApi(doc);
    return ok(patched);
  }),
  op('DeleteIntegration', 'DELETE', `${METHOD}/integration`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    existingIntegration(method);
    delete method.methodIntegration;
    env.store.saveApi(doc);
    return noContent();
  }),
  op('PutIntegrationResponse', 'PUT', `${METHOD}/integration/responses/{statusCode}`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const integration = existingIntegration(method);
    const statusCode = checkStatusCode(request.params.statusCode);
    // An integration response maps onto a method response, which must exist first.
    if (!method.methodResponses?.[statusCode]) throw invalidResponse();
    const response = integrationResponseOf(statusCode, jsonBody(request));
    integration.integrationResponses = { ...integration.integrationResponses, [statusCode]: response };
    env.store.saveApi(doc);
    return created(response);
  }),
  op('GetIntegrationResponse', 'GET', `${METHOD}/integration/responses/{statusCode}`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    return ok(existingIntegrationResponse(existingIntegration(method), request.params.statusCode));
  }),
  op('UpdateIntegrationResponse', 'PATCH', `${METHOD}/integration/responses/{statusCode}`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const response = existingIntegrationResponse(existingIntegration(method), request.params.statusCode);
    applyPatch(response as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: { selectionPattern: 'string', contentHandling: 'string' },
      maps: { responseParameters: 'string', responseTemplates: 'string' },
    });
    env.store.saveApi(doc);
    return ok(response);
  }),
  op('DeleteIntegrationResponse', 'DELETE', `${METHOD}/integration/responses/{statusCode}`, (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const integration = existingIntegration(method);
    const response = existingIntegrationResponse(integration, request.params.statusCode);
    delete integration.integrationResponses![response.statusCode];
    env.store.saveApi(doc);
    return noContent();
  }),
];
