import type { RestJsonOperation, RestJsonResponse } from '../../../protocols/rest-json.js';
import { AwsError } from '../../../protocols/aws-error.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { notFoundFor } from '../arns.js';
import { lambdaErrorBody, tooLarge } from '../errors.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { catalogEntry } from '../catalog.js';
import { RECURSIVE_INVOCATION_MESSAGE } from '../../../gateway/errors.js';

const SYNC_LIMIT = 6_291_456;
/** Asynchronous payloads may be up to 1 MB (since October 2025). */
const ASYNC_LIMIT = 1_048_576;
const CLIENT_CONTEXT_LIMIT = 3583;
const INVOKE_HEADERS = structure({
  InvocationType: { type: 'string', enum: ['Event', 'RequestResponse', 'DryRun'] },
  LogType: { type: 'string', enum: ['None', 'Tail'] },
});

export const invoke = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'Invoke',
  method: 'POST',
  path: '/2015-03-31/functions/{FunctionName}/invocations',
  maxBodyBytes: SYNC_LIMIT,
  tooLarge: (limit) => tooLarge(limit, 'InvokeFunction'),
  async run(request, ctx): Promise<RestJsonResponse> {
    const invocationType = header(request.headers['x-amz-invocation-type']) ?? 'RequestResponse';
    const logType = header(request.headers['x-amz-log-type']);
    assertValid(INVOKE_HEADERS, { InvocationType: invocationType, ...(logType === undefined ? {} : { LogType: logType }) });
    const ref = functionRefOf(request, ctx);
    const entry = lambda.functions.find(ref, true);
    // Invoke names the version it looked for, `$LATEST` when none was given.
    if (!entry) throw notFoundFor({ ...ref, qualifier: ref.qualifier ?? '$LATEST' });
    const found = lambda.deps.gateway.adopt(catalogEntry(lambda.functions, entry));
    const payload = request.body.length === 0 ? Buffer.from('{}') : request.body;
    checkJson(payload);
    const traceHeader = header(request.headers['x-amzn-trace-id']);

    if (invocationType === 'DryRun') return { status: 204 };
    if (invocationType === 'Event') {
      if (payload.length > ASYNC_LIMIT) throw tooLarge(ASYNC_LIMIT, 'InvokeFunction');
      const queue = lambda.asyncInvocations();
      if (!queue) {
        throw new AwsError(
          'ServiceException',
          'Asynchronous invocation (InvocationType Event) is not available: the async invocation queue is not wired in.',
          500,
        );
      }
      lambda.functions.assertInvocable(entry);
      queue.enqueue(found, { requestId: ctx.requestId, payload, traceHeader, source: 'lambda:invoke' });
      return { status: 202 };
    }

    const tail = logType === 'Tail';
    const clientContext = decodeClientContext(header(request.headers['x-amz-client-context']));
    const result = await lambda.deps.gateway.invoke({
      function: found,
      requestId: ctx.requestId,
      payload,
      clientContext,
      tenantId: header(request.headers['x-amz-tenant-id']),
      traceHeader,
      tail,
      cause: { source: 'lambda:invoke', ids: { requestId: ctx.requestId } },
    });
    switch (result.kind) {
      case 'success':
      case 'function-error':
        break;
      case 'throttled':
        return throttleResponse(result.error);
      case 'not-invocable':
        throw result.error;
      case 'recursion-stopped':
        throw new AwsError('RecursiveInvocationException', RECURSIVE_INVOCATION_MESSAGE, 400);
      case 'not-found':
        throw notFoundFor({ ...ref, qualifier: ref.qualifier ?? '$LATEST' });
      case 'system-error':
        throw result.error;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Amz-Executed-Version': result.executedVersion,
    };
    if (result.kind === 'function-error') headers['X-Amz-Function-Error'] = 'Unhandled';
    if (tail) headers['X-Amz-Log-Result'] = Buffer.from(result.logTail ?? '').toString('base64');
    return { status: 200, headers, body: result.payload };
  },
});

/** A throttle is an error response that also carries `Retry-After`, which the codec's errors cannot. */
function throttleResponse(err: AwsError): RestJsonResponse {
  return {
    status: 429,
    headers: { 'x-amzn-ErrorType': err.code, 'Retry-After': '1' },
    body: lambdaErrorBody(err),
  };
}

export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function decodeClientContext(encoded: string | undefined): string | undefined {
  if (!encoded) return undefined;
  if (encoded.length > CLIENT_CONTEXT_LIMIT) {
    throw new AwsError('InvalidRequestContentException', `Client context must be smaller than ${CLIENT_CONTEXT_LIMIT} bytes.`, 400);
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  try {
    JSON.parse(decoded);
  } catch {
    throw new AwsError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.', 400);
  }
  return decoded;
}

/** AWS parses the payload with Jackson; its message names the offending token. */
export function checkJson(payload: Buffer): void {
  const text = payload.toString('utf8');
  try {
    if (Buffer.from(text, 'utf8').length !== payload.length) throw new Error('Invalid UTF-8 middle byte');
    JSON.parse(text);
  } catch (err) {
    const token = /^\s*([^\s{}[\]",:]+)/.exec(text)?.[1];
    const detail = token
      ? `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`
      : err instanceof Error
        ? err.message
        : String(err);
    throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${detail}`, 400);
  }
}
