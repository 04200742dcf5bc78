import { accepted, created, existingApi, jsonBody, ok, op, optionalString, stringMap } from '../context.js';
import { badRequest } from '../errors.js';
import { defaultGatewayResponse, GATEWAY_RESPONSE_TYPES } from '../gateway-responses.js';
import type { GatewayResponse } from '../model.js';
import { applyPatch } from '../patch.js';

function checkType(responseType: string | undefined): string {
  if (!responseType || !(responseType in GATEWAY_RESPONSE_TYPES)) {
    throw badRequest(`Invalid response type specified. Valid options are ${Object.keys(GATEWAY_RESPONSE_TYPES).join(',')}`);
  }
  return responseType;
}

export function gatewayResponseOf(responseType: string, input: Record<string, unknown>): GatewayResponse {
  const response: GatewayResponse = {
    responseType,
    responseParameters: stringMap<string>(input, 'responseParameters') ?? {},
    responseTemplates: stringMap<string>(input, 'responseTemplates') ?? {},
    defaultResponse: false,
  };
  const statusCode = optionalString(input, 'statusCode') ?? GATEWAY_RESPONSE_TYPES[responseType];
  if (statusCode) {
    if (!/^[1-5]\d\d$/.test(statusCode)) throw badRequest('Invalid status code specified');
    response.statusCode = statusCode;
  }
  return response;
}

export const gatewayResponseOperations = [
  op('PutGatewayResponse', 'PUT', '/restapis/{restApiId}/gatewayresponses/{responseType}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const responseType = checkType(request.params.responseType);
    const response = gatewayResponseOf(responseType, jsonBody(request));
    doc.gatewayResponses[responseType] = response;
    env.store.saveApi(doc);
    return created(response);
  }),
  op('GetGatewayResponse', 'GET', '/restapis/{restApiId}/gatewayresponses/{responseType}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const responseType = checkType(request.params.responseType);
    return ok(doc.gatewayResponses[responseType] ?? defaultGatewayResponse(responseType));
  }),
  op('GetGatewayResponses', 'GET', '/restapis/{restApiId}/gatewayresponses', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    return ok({ item: Object.keys(GATEWAY_RESPONSE_TYPES).map((t) => doc.gatewayResponses[t] ?? defaultGatewayResponse(t)) });
  }),
  op('UpdateGatewayResponse', 'PATCH', '/restapis/{restApiId}/gatewayresponses/{responseType}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const responseType = checkType(request.params.responseType);
    const response = structuredClone(doc.gatewayResponses[responseType] ?? defaultGatewayResponse(responseType));
    applyPatch(response as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, {
      members: { statusCode: 'string' },
      maps: { responseParameters: 'string', responseTemplates: 'string' },
    });
    response.defaultResponse = false;
    doc.gatewayResponses[responseType] = response;
    env.store.saveApi(doc);
    return ok(response);
  }),
  op('DeleteGatewayResponse', 'DELETE', '/restapis/{restApiId}/gatewayresponses/{responseType}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const responseType = checkType(request.params.responseType);
    delete doc.gatewayResponses[responseType];
    env.store.saveApi(doc);
    return accepted();
  }),
];
