/**
 * The REST API configuration as API Gateway returns it (field names are the wire names), and the
 * document one API is stored as: its resources, authorizers, deployments and stages together.
 */
export interface RestApi {
  id: string;
  name: string;
  description?: string;
  /** Epoch seconds. */
  createdDate: number;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  endpointConfiguration: { types: string[]; ipAddressType?: string; vpcEndpointIds?: string[] };
  policy?: string;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  tags?: Record<string, string>;
  warnings?: string[];
}

export interface MethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string | null>;
  contentHandling?: string;
}

export type IntegrationType = 'AWS' | 'AWS_PROXY' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';

export interface Integration {
  type: IntegrationType;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string | null>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  integrationResponses?: Record<string, IntegrationResponse>;
  tlsConfig?: { insecureSkipVerification?: boolean };
}

export interface Method {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
}

export interface Resource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
}

export interface Authorizer {
  id: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

export interface GatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse: boolean;
}

export interface MethodSetting {
  [key: string]: unknown;
}

export interface Stage {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus?: string;
  methodSettings: Record<string, MethodSetting>;
  tracingEnabled: boolean;
  tags?: Record<string, string>;
  documentationVersion?: string;
  /** Epoch seconds. */
  createdDate: number;
  lastUpdatedDate: number;
}

/** What a deployment froze: the API as it was when it was deployed, which its stages serve. */
export interface Snapshot {
  resources: Record<string, Resource>;
  authorizers: Record<string, Authorizer>;
  gatewayResponses: Record<string, GatewayResponse>;
  binaryMediaTypes: string[];
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  /** Absent in deployments made before models were kept with them. */
  models?: Record<string, Model>;
  requestValidators?: Record<string, RequestValidator>;
}

export interface Deployment {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: Snapshot;
}

export interface Model {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface RequestValidator {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** One REST API and everything that belongs to it, stored as one document. */
export interface ApiDocument {
  accountId: string;
  region: string;
  api: RestApi;
  resources: Record<string, Resource>;
  authorizers: Record<string, Authorizer>;
  deployments: Record<string, Deployment>;
  stages: Record<string, Stage>;
  /** Only the responses the user put; the others are the defaults. */
  gatewayResponses: Record<string, GatewayResponse>;
  models: Record<string, Model>;
  requestValidators: Record<string, RequestValidator>;
}

export interface ApiKey {
  id: string;
  value: string;
  name?: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags?: Record<string, string>;
}

export interface UsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: { apiId: string; stage: string; throttle?: Record<string, unknown> }[];
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit?: number; offset?: number; period?: string };
  productCode?: string;
  tags?: Record<string, string>;
  /** Ids of the API keys in the plan. */
  keys: string[];
}
