// Error JSON as the Node.js managed runtime reports it: {errorType, errorMessage, trace}.
import util from 'node:util';

function isErrorLike(value) {
  return (
    util.types.isNativeError(value) ||
    (value !== null && typeof value === 'object' && typeof value.name === 'string' && typeof value.message === 'string' && typeof value.stack === 'string')
  );
}

/** The body posted to /error for a value a handler threw, rejected with or passed to callback. */
export function errorResponse(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** What the runtime logs next to `Invoke Error` / `Uncaught Exception` (note `stack`, not `trace`). */
export function formatLoggedError(error) {
  const response = isErrorLike(error) ? error : errorResponse(error);
  const logged = isErrorLike(response)
    ? { errorType: response.name, errorMessage: response.message, stack: String(response.stack).split('\n') }
    : { errorType: response.errorType, errorMessage: response.errorMessage, stack: response.trace ?? [] };
  return `\t${JSON.stringify(logged)}`;
}

/** A platform error with an AWS runtime error type (`Runtime.ImportModuleError`, ...). */
export class RuntimeError extends Error {
  constructor(type, message, cause) {
    super(message);
    this.name = type;
    if (cause?.stack) {
      const frames = String(cause.stack)
        .split('\n')
        .filter((l) => l.startsWith('    at '));
      this.stack = [`${type}: ${message}`, ...frames].join('\n');
    }
  }
}
