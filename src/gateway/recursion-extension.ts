import type { ServiceDeps } from '../services/deps.js';
import type { LambdaExtension, LambdaInternals } from '../services/lambda/internal-api.js';
import { recursionConfigOperations } from './operations/recursion-config.js';

/** Put/GetFunctionRecursionConfig join the Lambda API beside the guard that reads them. */
export function createRecursionConfigApi(deps: ServiceDeps, internals: LambdaInternals): LambdaExtension {
  const recursionConfigs = deps.gateway.recursionConfigs;
  return {
    name: 'recursion-configs',
    operations: recursionConfigOperations({ internals, recursionConfigs }),
    functionDeleted(unqualifiedArn, qualifier) {
      if (qualifier === undefined) recursionConfigs.delete(unqualifiedArn);
    },
  };
}
