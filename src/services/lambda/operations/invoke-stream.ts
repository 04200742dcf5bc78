import type { ServerResponse } from 'node:http';
import { AwsError } from '../../../protocols/aws-error.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { eventMessage } from '../../../protocols/event-stream.js';
import type { RestJsonOperation, RestJsonResponse } from '../../../protocols/rest-json.js';
import { RECURSIVE_INVOCATION_MESSAGE } from '../../../gateway/errors.js';
import type { ResponseStreamSink } from '../../../engine/types.js';
import { notFoundFor } from '../arns.js';
import { catalogEntry } from '../catalog.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { tooLarge } from '../errors.js';
import { checkJson, decodeClientContext, header } from './invoke.js';

const SYNC_LIMIT = 6_291_456;
const STREAM_HEADERS = structure({
  InvocationType: { type: 'string', enum: ['RequestResponse', 'DryRun'] },
  LogType: { type: 'string', enum: ['None', 'Tail'] },
});

const payloadChunk = (bytes: Uint8Array) => eventMessage('PayloadChunk', 'application/octet-stream', bytes);

/** The last event: `InvokeComplete` with ErrorCode, ErrorDetails (on errors) and LogResult (with `Tail`). */
function invokeComplete(fields: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string }): Buffer {
  return eventMessage('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(fields)));
}

/** `errorMessage` of a function's error JSON, else the body as text. */
function errorDetails(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the text itself
  }
  return payload.toString('utf8');
}

/**
 * InvokeWithResponseStream: the function's response as an event stream of `PayloadChunk` events
 * while it writes, then `InvokeComplete`. A handler that does not stream answers in one chunk.
 */
export const invokeWithResponseStream = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'InvokeWithResponseStream',
  method: 'POST',
  path: '/2021-11-15/functions/{FunctionName}/response-streaming-invocations',
  maxBodyBytes: SYNC_LIMIT,
  tooLarge: (limit) => tooLarge(limit, 'InvokeWithResponseStream'),
  async run(request, ctx): Promise<RestJsonResponse> {
    const invocationType = header(request.headers['x-amz-invocation-type']) ?? 'RequestResponse';
    const logType = header(request.headers['x-amz-log-type']);
    assertValid(STREAM_HEADERS, { InvocationType: invocationType, ...(logType === undefined ? {} : { LogType: logType }) });
    const ref = functionRefOf(request, ctx);
    const entry = lambda.functions.find(ref, true);
    if (!entry) throw notFoundFor({ ...ref, qualifier: ref.qualifier ?? '$LATEST' });
    const fn = lambda.deps.gateway.adopt(catalogEntry(lambda.functions, entry));
    const payload = request.body.length === 0 ? Buffer.from('{}') : request.body;
    checkJson(payload);
    if (invocationType === 'DryRun') return { status: 204 };
    const clientContext = decodeClientContext(header(request.headers['x-amz-client-context']));
    const tail = logType === 'Tail';

    return {
      stream: async (res: ServerResponse) => {
        const begin = () => {
          if (res.headersSent) return;
          res.writeHead(200, {
            'x-amzn-RequestId': ctx.requestId,
            'Content-Type': 'application/vnd.amazon.eventstream',
            'X-Amz-Executed-Version': fn.version,
          });
          res.flushHeaders();
        };
        const sink: ResponseStreamSink = {
          start: begin,
          write(chunk) {
            begin();
            // A client that hung up stops receiving; the function runs to its end regardless, as on AWS.
            if (!res.destroyed) res.write(payloadChunk(chunk));
          },
        };
        const result = await lambda.deps.gateway.invoke({
          function: fn,
          requestId: ctx.requestId,
          payload,
          clientContext,
          tenantId: header(request.headers['x-amz-tenant-id']),
          traceHeader: header(request.headers['x-amzn-trace-id']),
          tail,
          responseStream: sink,
          cause: { source: 'lambda:invoke', ids: { requestId: ctx.requestId } },
        });
        if (result.kind !== 'success' && result.kind !== 'function-error') {
          const error = errorOf(result, ref);
          // Before any byte went out the error is an ordinary API error; after, it ends the stream.
          if (!res.headersSent) throw error;
          res.end(invokeComplete({ ErrorCode: error.code, ErrorDetails: error.message }));
          return;
        }
        begin();
        if (result.kind === 'success' && !result.streamed && result.payload.length > 0) res.write(payloadChunk(result.payload));
        const complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } = {};
        if (result.kind === 'function-error') {
          complete.ErrorCode = result.errorType ?? 'Unhandled';
          complete.ErrorDetails = errorDetails(result.payload);
        }
        if (tail) complete.LogResult = Buffer.from(result.logTail ?? '').toString('base64');
        res.end(invokeComplete(complete));
      },
    };
  },
});

function errorOf(
  result: Exclude<Awaited<ReturnType<LambdaContext['deps']['gateway']['invoke']>>, { kind: 'success' | 'function-error' }>,
  ref: Parameters<typeof notFoundFor>[0],
): AwsError {
  switch (result.kind) {
    case 'throttled':
    case 'not-invocable':
      return result.error;
    case 'recursion-stopped':
      return new AwsError('RecursiveInvocationException', RECURSIVE_INVOCATION_MESSAGE, 400);
    case 'not-found':
      return notFoundFor({ ...ref, qualifier: ref.qualifier ?? '$LATEST' });
    default:
      return result.error instanceof AwsError ? result.error : new AwsError('ServiceException', result.error.message, 500);
  }
}
