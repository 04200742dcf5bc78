import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { ApiGatewayV2Env } from '../context.js';
import { apiOperations } from './apis.js';
import { AUTHORIZERS } from './authorizers.js';
import { DEPLOYMENTS } from './deployments.js';
import { INTEGRATIONS } from './integrations.js';
import { partOperations } from './parts.js';
import { ROUTES } from './routes.js';
import { STAGES } from './stages.js';
import { tagOperations } from './tags.js';

/** Every control-plane operation of API Gateway v2 this emulator answers. */
export function controlPlaneOperations(env: ApiGatewayV2Env): RestJsonOperation[] {
  return [
    ...apiOperations(env),
    ...tagOperations(env),
    ...[ROUTES, INTEGRATIONS, STAGES, DEPLOYMENTS, AUTHORIZERS].flatMap((spec) => partOperations(env, spec)),
  ];
}
