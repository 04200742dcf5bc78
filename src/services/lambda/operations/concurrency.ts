import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { invalidParameter } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

/** The account's concurrency quota, and the part AWS keeps unreserved. */
export const ACCOUNT_CONCURRENCY = 1000;
const UNRESERVED_MINIMUM = 100;

const PUT_CONCURRENCY = structure({ ReservedConcurrentExecutions: { type: 'integer', required: true, range: { min: 0 } } });

function unqualifiedFunction(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): FoundFunction {
  const ref = functionRefOf(request, ctx, false);
  if (ref.qualifier !== undefined) {
    throw invalidParameter(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
  }
  return lambda.functions.get(ref);
}

export const putFunctionConcurrency = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'PutFunctionConcurrency',
  method: 'PUT',
  path: '/2017-10-31/functions/{FunctionName}/concurrency',
  async run(request, ctx) {
    const input = parseJsonBody(request.body);
    assertValid(PUT_CONCURRENCY, input);
    const value = input.ReservedConcurrentExecutions as number;
    const found = unqualifiedFunction(lambda, request, ctx);
    const others = lambda.store.reservedTotal(found.scope, found.name);
    if (ACCOUNT_CONCURRENCY - others - value < UNRESERVED_MINIMUM) {
      throw invalidParameter(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_MINIMUM}].`,
      );
    }
    lambda.store.setReservedConcurrency(found.scope, found.name, value);
    return { body: { ReservedConcurrentExecutions: value } };
  },
});

export const getFunctionConcurrency = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetFunctionConcurrency',
  method: 'GET',
  path: '/2019-09-30/functions/{FunctionName}/concurrency',
  async run(request, ctx) {
    const found = unqualifiedFunction(lambda, request, ctx);
    const reserved = found.fn.reservedConcurrency;
    return { body: reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved } };
  },
});

export const deleteFunctionConcurrency = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteFunctionConcurrency',
  method: 'DELETE',
  path: '/2017-10-31/functions/{FunctionName}/concurrency',
  async run(request, ctx) {
    const found = unqualifiedFunction(lambda, request, ctx);
    lambda.store.setReservedConcurrency(found.scope, found.name, null);
    return { status: 204 };
  },
});
