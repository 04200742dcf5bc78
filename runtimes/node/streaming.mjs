// Response streaming handlers (`awslambda.streamifyResponse`), answered buffered: the Invoke API
// returns a streamed response whole, so the stream's bytes become the response body.
import { Writable } from 'node:stream';

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

export function installAwsLambdaGlobal() {
  if (process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === '1' || process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA === 'true') return;
  globalThis.awslambda = {
    streamifyResponse(handler) {
      handler[STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream: {
      // HTTP metadata (status, headers) only reaches Function URL clients; Invoke shows the body.
      from(stream) {
        return stream;
      },
    },
  };
}

export const isStreamingHandler = (handler) => handler?.[STREAMING] === 'response';

/** Runs a streaming handler; resolves with the bytes it wrote, or rejects with its error. */
export async function invokeStreamingHandler(handler, event, context) {
  const chunks = [];
  const responseStream = new Writable({
    write(chunk, encoding, next) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      next();
    },
  });
  responseStream.setContentType = () => {};
  const finished = new Promise((resolve, reject) => {
    responseStream.once('finish', resolve);
    responseStream.once('error', reject);
  });
  await handler(event, responseStream, context);
  await finished;
  return Buffer.concat(chunks);
}
