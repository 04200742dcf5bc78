import type { HttpAnswer } from './proxy-event.js';

/** A request API Gateway answers itself, through one of its gateway responses. */
export interface Failure {
  responseType: string;
  status: number;
  message: string;
  /** AWS's body when nobody customised the response, where it is not `{"message":"..."}`. */
  body?: string;
  /** `x-amzn-ErrorType` */
  errorType?: string;
  headers?: Record<string, string>;
}

export type Outcome = { answer: HttpAnswer } | { failure: Failure };

export const INTERNAL_ERROR: Failure = {
  responseType: 'API_CONFIGURATION_ERROR',
  status: 500,
  message: 'Internal server error',
  body: '{"message": "Internal server error"}',
  errorType: 'InternalServerErrorException',
};
export const BAD_GATEWAY: Failure = { ...INTERNAL_ERROR, responseType: 'DEFAULT_5XX', status: 502 };
export const TIMED_OUT: Failure = {
  responseType: 'INTEGRATION_TIMEOUT',
  status: 504,
  message: 'Endpoint request timed out',
  body: '{"message": "Endpoint request timed out"}',
};
export const INTEGRATION_FAILURE: Failure = {
  responseType: 'INTEGRATION_FAILURE',
  status: 504,
  message: 'Network error communicating with endpoint',
  body: '{"message": "Network error communicating with endpoint"}',
};
export const MISSING_TOKEN: Failure = {
  responseType: 'MISSING_AUTHENTICATION_TOKEN',
  status: 403,
  message: 'Missing Authentication Token',
  errorType: 'MissingAuthenticationTokenException',
};
export const UNAUTHORIZED: Failure = { responseType: 'UNAUTHORIZED', status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' };
export const FORBIDDEN_KEY: Failure = { responseType: 'INVALID_API_KEY', status: 403, message: 'Forbidden', errorType: 'ForbiddenException' };
export const UNSUPPORTED_MEDIA: Failure = {
  responseType: 'UNSUPPORTED_MEDIA_TYPE',
  status: 415,
  message: 'Unsupported Media Type',
  errorType: 'UnsupportedMediaTypeException',
};
export const TOO_LARGE: Failure = { responseType: 'REQUEST_TOO_LARGE', status: 413, message: 'Request Too Long', errorType: 'RequestEntityTooLargeException' };
export const AUTHORIZER_ERROR: Failure = {
  responseType: 'AUTHORIZER_CONFIGURATION_ERROR',
  status: 500,
  message: null as unknown as string,
  body: '{"message": null}',
  errorType: 'AuthorizerConfigurationException',
};
export const deny = (explicit: boolean): Failure => {
  const message = explicit ? 'User is not authorized to access this resource with an explicit deny' : 'User is not authorized to access this resource';
  return { responseType: 'ACCESS_DENIED', status: 403, message, body: JSON.stringify({ Message: message }), errorType: 'AccessDeniedException' };
};
