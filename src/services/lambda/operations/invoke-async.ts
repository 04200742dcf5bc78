import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { AwsError } from '../../../protocols/aws-error.js';
import { notFoundFor } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { tooLarge } from '../errors.js';
import { toResolvedFunction } from '../resolved.js';
import { checkJson } from './invoke.js';

/** The deprecated `InvokeAsync` API, still in the SDKs: an Event invoke answering `{"Status": 202}`. */
export const invokeAsync = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'InvokeAsync',
  method: 'POST',
  path: '/2014-11-13/functions/{FunctionName}/invoke-async',
  maxBodyBytes: 1_048_576,
  tooLarge: (limit) => tooLarge(limit, 'InvokeAsync'),
  async run(request, ctx) {
    const ref = functionRefOf(request, ctx, false);
    const found = lambda.functions.find(ref, true);
    if (!found) throw notFoundFor(ref);
    const queue = lambda.asyncInvocations();
    if (!queue) throw new AwsError('ServiceException', 'Asynchronous invocation is not available: the async invocation queue is not wired in.', 500);
    lambda.functions.assertInvocable(found);
    const payload = request.body.length === 0 ? Buffer.from('{}') : request.body;
    checkJson(payload);
    const traceHeader = request.headers['x-amzn-trace-id'];
    queue.enqueue(toResolvedFunction(found), {
      requestId: ctx.requestId,
      payload,
      traceHeader: Array.isArray(traceHeader) ? traceHeader[0] : traceHeader,
      source: 'lambda:invoke',
    });
    return { status: 202, body: { Status: 202 } };
  },
});
