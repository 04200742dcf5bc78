/** Put/GetFunctionRecursionConfig (`/2024-08-31/functions/{FunctionName}/recursion-config`, §12). */
import type { RestJsonOperation, RestJsonRequest } from '../../protocols/rest-json.js';
import type { RequestContext } from '../../server/request-context.js';
import type { LambdaInternals, ResolvedFunction } from '../../services/lambda/internal-api.js';
import type { RecursionConfigs, RecursiveLoop } from '../../gateway/recursion-configs.js';
import { parseJsonBody, splitQualifier, userError, validationError } from './event-invoke-config-validation.js';

export interface RecursionConfigContext {
  internals: LambdaInternals;
  recursionConfigs: RecursionConfigs;
}

const PATH = '/2024-08-31/functions/{FunctionName}/recursion-config';
const VALUES: readonly RecursiveLoop[] = ['Terminate', 'Allow'];
const UNQUALIFIED_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)';

export function recursionConfigOperations({ internals, recursionConfigs }: RecursionConfigContext): RestJsonOperation[] {
  /** These operations take the function itself, never a version or alias. */
  function unqualifiedFunction(request: RestJsonRequest, ctx: RequestContext): ResolvedFunction {
    const ref = request.params.FunctionName ?? '';
    if (splitQualifier(ref).qualifier !== undefined) {
      throw validationError([`Value '${ref}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${UNQUALIFIED_NAME_PATTERN}`]);
    }
    const fn = internals.resolve(ref, ctx);
    if (!fn) {
      const name = ref.split(':').pop();
      throw userError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`, 404);
    }
    return fn;
  }

  const put: RestJsonOperation = {
    name: 'PutFunctionRecursionConfig',
    method: 'PUT',
    path: PATH,
    async run(request, ctx) {
      const body = parseJsonBody(request.body);
      const value = body.RecursiveLoop;
      if (typeof value !== 'string' || !VALUES.includes(value as RecursiveLoop)) {
        const shown = value === undefined || value === null ? 'null' : String(value);
        const constraint = value === undefined || value === null ? 'Member must not be null' : `Member must satisfy enum value set: [${VALUES.join(', ')}]`;
        throw validationError([`Value '${shown}' at 'recursiveLoop' failed to satisfy constraint: ${constraint}`]);
      }
      const fn = unqualifiedFunction(request, ctx);
      recursionConfigs.put(fn.unqualifiedArn, value as RecursiveLoop);
      return { body: { RecursiveLoop: value } };
    },
  };

  const get: RestJsonOperation = {
    name: 'GetFunctionRecursionConfig',
    method: 'GET',
    path: PATH,
    async run(request, ctx) {
      const fn = unqualifiedFunction(request, ctx);
      return { body: { RecursiveLoop: recursionConfigs.get(fn.unqualifiedArn) } };
    },
  };

  return [put, get];
}
