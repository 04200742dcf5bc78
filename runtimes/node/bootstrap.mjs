// Tributary's Node.js runtime: loads the handler, then serves invocations from the Runtime API.
import { createRequire } from 'node:module';
import { patchConsole, setCurrentRequestId, writeLogLine } from './console-format.mjs';
import { errorResponse, formatLoggedError, RuntimeError } from './errors.mjs';
import { loadHandler, registerEsmFallbackIfUseful } from './handler-loader.mjs';
import { buildContext, invokeHandler } from './invoke.mjs';
import { nextInvocation, postError, postInitError, postResponse } from './runtime-client.mjs';
import { installAwsLambdaGlobal, invokeStreamingHandler, isStreamingHandler } from './streaming.mjs';

patchConsole();

// Lambda runs Node.js with --expose-gc. The flag costs every cold start, so gc() is made on first use.
function exposeGcLazily() {
  let gc;
  Object.defineProperty(globalThis, 'gc', {
    configurable: true,
    enumerable: false,
    get() {
      if (!gc) {
        const require = createRequire(import.meta.url);
        require('node:v8').setFlagsFromString('--expose-gc');
        gc = require('node:vm').runInNewContext('gc');
      }
      return gc;
    },
    set(value) {
      gc = value;
    },
  });
}

// If Tributary dies (even by SIGKILL) this process is re-parented: end with it, busy or not.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(1);
}, 1000).unref();

let currentRequestId;
let initialized = false;

async function failAndExit(label, error, exitCode) {
  writeLogLine('ERROR', [label, formatLoggedError(error)]);
  if (!initialized) await postInitError(errorResponse(error));
  else if (currentRequestId) await postError(currentRequestId, errorResponse(error));
  process.exit(exitCode);
}

process.on('uncaughtException', (error) => failAndExit('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError('Runtime.UnhandledPromiseRejection', String(reason));
  failAndExit('Unhandled Promise Rejection', error, 128);
});

installAwsLambdaGlobal();
exposeGcLazily();
let handler;
try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER);
} catch (error) {
  await failAndExit('Uncaught Exception', error, 129);
}
initialized = true;

for (;;) {
  const next = await nextInvocation();
  const headers = next.headers;
  const requestId = headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  setCurrentRequestId(requestId);
  if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;

  let outcome;
  let body;
  try {
    const event = JSON.parse(next.body.toString('utf8'));
    if (isStreamingHandler(handler)) {
      // The response (or its error, in trailers) went out as the handler wrote it.
      const streamed = await invokeStreamingHandler(handler, event, buildContext(headers), requestId);
      if (!streamed.ok) writeLogLine('ERROR', ['Invoke Error', formatLoggedError(streamed.error)]);
      currentRequestId = undefined;
      registerEsmFallbackIfUseful();
      continue;
    }
    outcome = await invokeHandler(handler, event, buildContext(headers));
  } catch (error) {
    outcome = { ok: false, error };
  }

  if (outcome.ok && body === undefined) {
    try {
      body = Buffer.from(JSON.stringify(outcome.result === undefined ? null : outcome.result) ?? 'null');
    } catch (error) {
      outcome = { ok: false, error };
    }
  }
  if (outcome.ok) {
    await postResponse(requestId, body);
  } else {
    writeLogLine('ERROR', ['Invoke Error', formatLoggedError(outcome.error)]);
    await postError(requestId, errorResponse(outcome.error));
  }
  currentRequestId = undefined;
  registerEsmFallbackIfUseful();
}
