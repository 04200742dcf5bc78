/** Put/GetFunctionRecursionConfig (`/2024-08-31/functions/{FunctionName}/recursion-config`). */
import type { RestJsonOperation, RestJsonRequest } from '../../protocols/rest-json.js';
import type { RequestContext } from '../../server/request-context.js';
import type { LambdaInternals, ResolvedFunction } from '../../services/lambda/internal-api.js';
import type { RecursionConfigs, RecursiveLoop } from '../recursion-configs.js';
import { assertValid, structure } from '../../protocols/constraints.js';
import { parseJsonBody } from '../../protocols/json-body.js';
import { AwsError } from '../../protocols/aws-error.js';
import { PATTERNS } from '../../services/lambda/shapes.js';

export interface RecursionConfigContext {
  internals: LambdaInternals;
  recursionConfigs: RecursionConfigs;
}

const PATH = '/2024-08-31/functions/{FunctionName}/recursion-config';
const VALUES: readonly RecursiveLoop[] = ['Terminate', 'Allow'];
/** These operations take the function itself, never a version or alias. */
const UNQUALIFIED_FUNCTION = structure({
  FunctionName: {
    type: 'string',
    pattern: PATTERNS.UnqualifiedFunctionName,
  },
});
const PUT_RECURSION_CONFIG = structure({ RecursiveLoop: { type: 'string', required: true, enum: VALUES } });

export function recursionConfigOperations({ internals, recursionConfigs }: RecursionConfigContext): RestJsonOperation[] {
  function unqualifiedFunction(request: RestJsonRequest, ctx: RequestContext): ResolvedFunction {
    const ref = request.params.FunctionName ?? '';
    assertValid(UNQUALIFIED_FUNCTION, { FunctionName: ref });
    const fn = internals.resolve(ref, ctx);
    if (!fn) {
      const name = ref.split(':').pop();
      throw new AwsError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`, 404, {
        Type: 'User',
      });
    }
    return fn;
  }

  const put: RestJsonOperation = {
    name: 'PutFunctionRecursionConfig',
    method: 'PUT',
    path: PATH,
    async run(request, ctx) {
      const body = parseJsonBody(request.body);
      assertValid(PUT_RECURSION_CONFIG, body);
      const value = body.RecursiveLoop;
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
