import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { toFunctionConfiguration } from '../model.js';
import { codeLocation } from './code-download.js';
import type { FoundFunction } from '../functions.js';

/** The alias a lookup went through, or `$LATEST` when the caller named it (AWS qualifies the ARN then). */
function aliasOf(found: FoundFunction): string | undefined {
  const q = found.qualifier;
  return q !== undefined && !/^\d+$/.test(q) ? q : undefined;
}

export const getFunction = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetFunction',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}',
  async run(request, ctx) {
    const found = lambda.functions.get(functionRefOf(request, ctx));
    const body: Record<string, unknown> = {
      Configuration: toFunctionConfiguration(found.scope, found.name, found.version, found.config, aliasOf(found)),
      Code: { RepositoryType: 'S3', Location: codeLocation(lambda, found.config.code) },
    };
    if (Object.keys(found.fn.tags).length > 0) body.Tags = found.fn.tags;
    if (found.fn.reservedConcurrency !== undefined) body.Concurrency = { ReservedConcurrentExecutions: found.fn.reservedConcurrency };
    return { body };
  },
});

export const getFunctionConfiguration = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetFunctionConfiguration',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}/configuration',
  async run(request, ctx) {
    const found = lambda.functions.get(functionRefOf(request, ctx));
    return { body: toFunctionConfiguration(found.scope, found.name, found.version, found.config, aliasOf(found)) };
  },
});
