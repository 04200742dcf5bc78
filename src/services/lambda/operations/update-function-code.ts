import { randomUUID } from 'node:crypto';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { CodeInput } from '../code.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { invalidParameter, preconditionFailed, tooLarge } from '../errors.js';
import { toFunctionConfiguration, type VersionConfig } from '../model.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { validateFunctionConfig } from '../validation.js';
import { publishVersion } from './versions.js';

export const updateFunctionCode = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UpdateFunctionCode',
  method: 'PUT',
  path: '/2015-03-31/functions/{FunctionName}/code',
  maxBodyBytes: 70_167_211,
  tooLarge: (limit) => tooLarge(limit, 'UpdateFunctionCode'),
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as CodeInput & { Publish?: boolean; DryRun?: boolean; RevisionId?: string; Architectures?: string[] };
    const ref = functionRefOf(request, ctx, false);
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
      throw invalidParameter('Unsupported FunctionName format. The FunctionName must not contain a version or alias.');
    }
    validateFunctionConfig({ Architectures: input.Architectures }, false);
    const found = lambda.functions.get({ ...ref, qualifier: undefined });
    lambda.functions.assertNotUpdating(found);
    if (input.RevisionId !== undefined && input.RevisionId !== found.config.revisionId) throw preconditionFailed();
    const code = await lambda.code.accept(input, found.scope);
    if (input.DryRun) {
      return { body: toFunctionConfiguration(found.scope, found.name, '$LATEST', { ...found.config, code }) };
    }
    const config: VersionConfig = {
      ...found.config,
      code,
      Architectures: input.Architectures ?? found.config.Architectures,
      lastModified: lambda.deps.clock.now(),
      revisionId: randomUUID(),
      lastUpdateStatus: 'InProgress',
    };
    lambda.store.putVersion(found.scope, found.name, '$LATEST', config);
    lambda.functions.settle(found.scope, found.name, '$LATEST', config.revisionId);
    if (input.Publish) {
      // The version published with new code is Pending until that code is in place (AWS, test_publish_with_update).
      const published = publishVersion(lambda, found.scope, found.name, { ...config, lastUpdateStatus: 'Successful' }, undefined, true);
      return { body: toFunctionConfiguration(found.scope, found.name, published.version, published.config) };
    }
    return { body: toFunctionConfiguration(found.scope, found.name, '$LATEST', config) };
  },
});
