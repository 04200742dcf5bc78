import { randomUUID } from 'node:crypto';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { applyConfigInput, type ConfigInput } from '../config-input.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { invalidParameter, preconditionFailed } from '../errors.js';
import { toFunctionConfiguration } from '../model.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { validateFunctionConfig } from '../validation.js';
import { validateDeadLetterConfig } from '../dead-letter-config.js';
import { resolveFunctionLayers } from '../layers.js';

export const updateFunctionConfiguration = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UpdateFunctionConfiguration',
  method: 'PUT',
  path: '/2015-03-31/functions/{FunctionName}/configuration',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as ConfigInput & { RevisionId?: string };
    const ref = functionRefOf(request, ctx, false);
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
      throw invalidParameter('Unsupported FunctionName format. The FunctionName must not contain a version or alias.');
    }
    validateFunctionConfig(input as Record<string, unknown>, false);
    validateDeadLetterConfig(input.DeadLetterConfig, ref);
    const found = lambda.functions.get({ ...ref, qualifier: undefined });
    lambda.functions.assertNotUpdating(found);
    if (input.RevisionId !== undefined && input.RevisionId !== found.config.revisionId) throw preconditionFailed();
    const layers = input.Layers === undefined ? undefined : resolveFunctionLayers(lambda.store, found.scope, input.Layers, ctx.enforceAuth);
    const config = {
      ...applyConfigInput(found.config, input, found.name, layers),
      lastModified: lambda.deps.clock.now(),
      revisionId: randomUUID(),
      lastUpdateStatus: 'InProgress' as const,
    };
    lambda.store.putVersion(found.scope, found.name, '$LATEST', config);
    lambda.functions.settle(found.scope, found.name, '$LATEST', config.revisionId);
    return { body: toFunctionConfiguration(found.scope, found.name, '$LATEST', config) };
  },
});
