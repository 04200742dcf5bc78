import type { OperationDef } from '../context.js';
import { apiKeyOperations } from './api-keys.js';
import { authorizerOperations } from './authorizers.js';
import { deploymentOperations } from './deployments.js';
import { exportOperations } from './exports.js';
import { gatewayResponseOperations } from './gateway-responses.js';
import { integrationOperations } from './integrations.js';
import { methodOperations } from './methods.js';
import { modelOperations } from './models.js';
import { requestValidatorOperations } from './request-validators.js';
import { resourceOperations } from './resources.js';
import { restApiOperations } from './rest-apis.js';
import { tagOperations } from './tags.js';
import { testInvokeOperations } from './test-invoke.js';

/** Every API Gateway (REST API) operation Tributary answers. Longer paths first is not needed: each path template is exact. */
export const APIGATEWAY_OPERATIONS: readonly OperationDef[] = [
  ...restApiOperations,
  ...resourceOperations,
  ...methodOperations,
  ...integrationOperations,
  ...deploymentOperations,
  ...authorizerOperations,
  ...gatewayResponseOperations,
  ...exportOperations,
  ...apiKeyOperations,
  ...tagOperations,
  ...modelOperations,
  ...requestValidatorOperations,
  ...testInvokeOperations,
];
