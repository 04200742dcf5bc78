import type { GatewayResponse } from './model.js';

/** Every gateway response type and its default status (DEFAULT_4XX and DEFAULT_5XX have none of their own). */
export const GATEWAY_RESPONSE_TYPES: Record<string, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_PARAMETERS: '400',
  BAD_REQUEST_BODY: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

export const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

/** The response API Gateway uses for a type nobody customised. */
export function defaultGatewayResponse(responseType: string): GatewayResponse {
  const statusCode = GATEWAY_RESPONSE_TYPES[responseType];
  const response: GatewayResponse = {
    responseType,
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_TEMPLATE },
    defaultResponse: true,
  };
  if (statusCode) response.statusCode = statusCode;
  return response;
}

/**
 * The response a type resolves to: the one put for it, else the one put for its DEFAULT_4XX /
 * DEFAULT_5XX family (keeping the type's own status), else the default.
 */
export function effectiveGatewayResponse(put: Record<string, GatewayResponse>, responseType: string, status: number): GatewayResponse | undefined {
  const own = put[responseType];
  if (own) return own;
  const family = put[status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'];
  if (family) return { ...family, responseType, statusCode: String(status) };
  return undefined;
}
