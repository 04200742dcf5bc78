import { created, existingApi, existingMethod, existingResource, jsonBody, noContent, ok, op, optionalString, stringMap } from '../context.js';
import { badRequest, conflict, invalidResponse } from '../errors.js';
import type { ApiDocument, Method, MethodResponse } from '../model.js';
import { applyPatch } from '../patch.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
const STATUS_CODE = /^[1-5]\d\d$/;

export function checkHttpMethod(httpMethod: string | undefined): string {
  const upper = httpMethod?.toUpperCase();
  if (!upper || !HTTP_METHODS.includes(upper)) throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
  return upper;
}

export function checkStatusCode(statusCode: string | undefined): string {
  if (!statusCode || !STATUS_CODE.test(statusCode)) throw badRequest('Invalid status code specified');
  return statusCode;
}

/** Checks a method's authorization as PutMethod and UpdateMethod do. */
export function checkAuthorization(doc: ApiDocument, method: Pick<Method, 'authorizationType' | 'authorizerId'>): void {
  if (!AUTHORIZATION_TYPES.includes(method.authorizationType)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`);
  }
  if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    const authorizer = method.authorizerId ? doc.authorizers[method.authorizerId] : undefined;
    const wanted = method.authorizationType === 'CUSTOM' ? ['TOKEN', 'REQUEST'] : ['COGNITO_USER_POOLS'];
    if (!authorizer || !wanted.includes(authorizer.type)) {
      throw badRequest('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.');
    }
  }
}

/** A method's validator and request models must exist in its API, as PutMethod and UpdateMethod check. */
export function checkValidation(doc: ApiDocument, method: Pick<Method, 'requestValidatorId' | 'requestModels'>): void {
  if (method.requestValidatorId && !doc.requestValidators[method.requestValidatorId]) throw badRequest('Invalid Request Validator identifier specified');
  for (const name of Object.values(method.requestModels ?? {})) {
    if (!doc.models[name]) throw badRequest(`Invalid model identifier specified: ${name}`);
  }
}

/** The Method a PutMethod body describes. */
export function methodOf(httpMethod: string, input: Record<string, unknown>): Method {
  const authorizationType = optionalString(input, 'authorizationType');
  if (!authorizationType) throw badRequest('Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS');
  const method: Method = { httpMethod, authorizationType, apiKeyRequired: input.apiKeyRequired === true };
  const authorizerId = optionalString(input, 'authorizerId');
  if (authorizerId) method.authorizerId = authorizerId;
  const operationName = optionalString(input, 'operationName');
  if (operationName) method.operationName = operationName;
  const requestValidatorId = optionalString(input, 'requestValidatorId');
  if (requestValidatorId) method.requestValidatorId = requestValidatorId;
  const requestParameters = stringMap<boolean>(input, 'requestParameters');
  if (requestParameters && Object.keys(requestParameters).length > 0) method.requestParameters = requestParameters;
  const requestModels = stringMap<string>(input, 'requestModels');
  if (requestModels && Object.keys(requestModels).length > 0) method.requestModels = requestModels;
  if (Array.isArray(input.authorizationScopes) && input.authorizationScopes.length > 0) method.authorizationScopes = input.authorizationScopes.map(String);
  for (const name of Object.keys(method.requestParameters ?? {})) {
    if (!/^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[^.]+$/.test(name)) {
      throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid method request parameter name: ${name}]`);
    }
  }
  return method;
}

function existingMethodResponse(method: Method, statusCode: string | undefined): MethodResponse {
  const response = statusCode ? method.methodResponses?.[statusCode] : undefined;
  if (!response) throw invalidResponse();
  return response;
}

export const methodOperations = [
  op('PutMethod', 'PUT', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    const httpMethod = checkHttpMethod(request.params.httpMethod);
    if (resource.resourceMethods?.[httpMethod]) throw conflict('Method already exists for this resource');
    const method = methodOf(httpMethod, jsonBody(request));
    checkAuthorization(doc, method);
    checkValidation(doc, method);
    resource.resourceMethods = { ...resource.resourceMethods, [httpMethod]: method };
    env.store.saveApi(doc);
    return created(method);
  }),
  op('GetMethod', 'GET', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    return ok(existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod));
  }),
  op('UpdateMethod', 'PATCH', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const patched = structuredClone(method) as unknown as Record<string, unknown>;
    applyPatch(patched, jsonBody(request).patchOperations as never, {
      members: { authorizationType: 'string', authorizerId: 'string', apiKeyRequired: 'boolean', operationName: 'string', requestValidatorId: 'string' },
      maps: { requestParameters: 'boolean', requestModels: 'string' },
      lists: ['authorizationScopes'],
    });
    checkAuthorization(doc, patched as unknown as Method);
    if (patched.requestValidatorId === '') delete patched.requestValidatorId;
    checkValidation(doc, patched as unknown as Method);
    Object.assign(method, patched);
    for (const key of Object.keys(method)) if (!(key in patched)) delete (method as unknown as Record<string, unknown>)[key];
    env.store.saveApi(doc);
    return ok(method);
  }),
  op('DeleteMethod', 'DELETE', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    const method = existingMethod(resource, request.params.httpMethod);
    delete resource.resourceMethods![method.httpMethod];
    env.store.saveApi(doc);
    return noContent();
  }),
  op('PutMethodResponse', 'PUT', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}/responses/{statusCode}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const statusCode = checkStatusCode(request.params.statusCode);
    const input = jsonBody(request);
    const response: MethodResponse = { statusCode };
    const responseParameters = stringMap<boolean>(input, 'responseParameters');
    if (responseParameters && Object.keys(responseParameters).length > 0) response.responseParameters = responseParameters;
    const responseModels = stringMap<string>(input, 'responseModels');
    if (responseModels && Object.keys(responseModels).length > 0) response.responseModels = responseModels;
    method.methodResponses = { ...method.methodResponses, [statusCode]: response };
    env.store.saveApi(doc);
    return created(response);
  }),
  op('GetMethodResponse', 'GET', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}/responses/{statusCode}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    return ok(existingMethodResponse(method, request.params.statusCode));
  }),
  op('UpdateMethodResponse', 'PATCH', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}/responses/{statusCode}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const response = existingMethodResponse(method, request.params.statusCode);
    applyPatch(response as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: {},
      maps: { responseParameters: 'boolean', responseModels: 'string' },
    });
    env.store.saveApi(doc);
    return created(response);
  }),
  op('DeleteMethodResponse', 'DELETE', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}/responses/{statusCode}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const method = existingMethod(existingResource(doc, request.params.resourceId), request.params.httpMethod);
    const response = existingMethodResponse(method, request.params.statusCode);
    delete method.methodResponses![response.statusCode];
    env.store.saveApi(doc);
    return noContent();
  }),
];
