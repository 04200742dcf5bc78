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
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJsonHeader(headers['lambda-runtime-cognito-identity']),
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

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
    const onLoopEmpty = () => settle(deferred ?? { ok: true, result: undefined });
    process.on('beforeExit', onLoopEmpty);

    const outcomeOf = (error, result) => (error !== undefined && error !== null ? { ok: false, error } : { ok: true, result });
    const callback = (error, result) => {
      const outcome = outcomeOf(error, result);
      if (context.callbackWaitsForEmptyEventLoop) deferred ??= outcome;
      else settle(outcome);
    };
    context.succeed = (result) => settle({ ok: true, result });
    context.fail = (error) => settle({ ok: false, error: error ?? 'handled' });
    context.done = (error, result) => settle(outcomeOf(error, result));

    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (result) => settle({ ok: true, result }),
          (error) => settle({ ok: false, error }),
        );
      }
    } catch (error) {
      settle({ ok: false, error });
    }
  });
}
