// Response streaming handlers (`awslambda.streamifyResponse`), streamed as AWS's Node.js runtime
// streams them: one POST to /response with `Lambda-Runtime-Function-Response-Mode: streaming` and
// `Transfer-Encoding: chunked`, every write sent as it happens; an error after the stream began is
// reported in the trailers `Lambda-Runtime-Function-Error-Type` / `-Body` (base64 error JSON).
import http from 'node:http';
import { Writable } from 'node:stream';
import { errorResponse } from './errors.mjs';

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** Ends the JSON prelude of an HTTP integration response (status, headers, cookies). */
const PRELUDE_DELIMITER = new Uint8Array(8);
const [runtimeHost, runtimePort] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':');
// Idle keep-alive sockets are unreferenced by the agent: they never keep the event loop alive.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function installAwsLambdaGlobal() {
  if (process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === '1' || process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === 'true') return;
  globalThis.awslambda = {
    streamifyResponse(handler) {
      handler[STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream: {
      // Status and headers for function URLs: a JSON prelude and eight NUL bytes before the body.
      from(stream, prelude) {
        stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
        stream.write(JSON.stringify(prelude ?? {}));
        stream.write(PRELUDE_DELIMITER);
        return stream;
      },
    },
  };
}

export const isStreamingHandler = (handler) => handler?.[STREAMING] === 'response';

/**
 * Runs a streaming handler, sending its bytes to the Runtime API as it writes them. Resolves with
 * `{ ok: true }`, or `{ ok: false, error }` once the error went out in the trailers.
 */
export function invokeStreamingHandler(handler, event, context, requestId) {
  const request = http.request({
    host: runtimeHost,
    port: Number(runtimePort),
    method: 'POST',
    path: `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/response`,
    agent,
    headers: {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Transfer-Encoding': 'chunked',
      Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
      'Content-Type': 'application/octet-stream',
    },
  });
  request.setNoDelay(true);
  const answered = new Promise((resolve) => {
    request.once('response', (res) => {
      res.resume();
      res.once('end', resolve);
    });
    request.once('error', resolve);
  });
  let failed;
  const responseStream = new Writable({
    write(chunk, encoding, next) {
      request.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding), () => next());
    },
    final(done) {
      if (failed) request.addTrailers(errorTrailers(failed));
      request.end(done);
    },
  });
  responseStream.setContentType = (type) => {
    if (!request.headersSent) request.setHeader('Content-Type', type);
  };
  const finished = new Promise((resolve) => {
    responseStream.once('finish', resolve);
    responseStream.once('error', resolve);
  });
  const fail = (error) => {
    failed ??= error;
    if (!responseStream.writableEnded) responseStream.end();
  };
  return (async () => {
    try {
      await handler(event, responseStream, context);
    } catch (error) {
      fail(error);
    }
    await finished;
    await answered;
    return failed === undefined ? { ok: true } : { ok: false, error: failed };
  })();
}

function errorTrailers(error) {
  const body = errorResponse(error);
  return {
    'Lambda-Runtime-Function-Error-Type': body.errorType ?? 'Unhandled',
    'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(body)).toString('base64'),
  };
}
