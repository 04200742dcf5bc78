// Runs one invocation of the handler with the Node.js runtime's semantics: async handlers,
// callback(err, result) (waiting for the event loop to drain unless told otherwise),
// context.succeed/fail/done, and a `null` result when the loop drains with no answer.

function parseJsonHeader(value) {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function buildContext(headers) {
  const env = process.env;
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  return {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJsonHeader(headers['lambda-runtime-cognito-identity']),
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context']),
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/** What Lambda reports when the event loop drains while an async handler's promise is pending. */
export class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
    this.name = 'Runtime.NodeJsExit';
  }
}

const isAsyncFunction = (fn) => fn?.constructor?.name === 'AsyncFunction';

/** Resolves with `{ ok: true, result }` or `{ ok: false, error }`, whichever the handler gives first. */
export function invokeHandler(handler, event, context) {
  return new Promise((resolve) => {
    let settled = false;
    let deferred;
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      process.removeListener('beforeExit', onLoopEmpty);
      resolve(outcome);
    };
    // The loop drained: a deferred callback result goes out now; otherwise an async handler
    // never settled (an error), and a callback handler that never called back answers null.
    const onLoopEmpty = () => {
      if (deferred) settle(deferred);
      else settle(isAsyncFunction(handler) ? { ok: false, error: new NodeJsExit() } : { ok: true, result: undefined });
    };
    process.on('beforeExit', onLoopEmpty);

    const done = (error, result) => settle(error !== undefined && error !== null ? { ok: false, error } : { ok: true, result });
    let waitForEmptyEventLoop = true;
    Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
      get: () => waitForEmptyEventLoop,
      set: (value) => {
        waitForEmptyEventLoop = value;
      },
      enumerable: true,
    });
    context.succeed = (result) => done(null, result);
    context.fail = (error) => done(error ?? 'handled', null);
    context.done = done;
    // Errors go out at once; a result waits for the event loop to drain unless told otherwise.
    const callback = (error, result) => {
      if ((error !== undefined && error !== null) || !waitForEmptyEventLoop) done(error, result);
      else deferred ??= { ok: true, result };
    };

    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(context.succeed, context.fail);
    } catch (error) {
      callback(error);
    }
  });
}
