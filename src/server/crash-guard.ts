import { executionAsyncId, triggerAsyncId } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../log.js';

/**
 * The last line of defence: an error no handler caught must not stop the endpoint (every running
 * function, queue and upload with it). The guard logs it and, when it was raised while a request's
 * own events ran (its body's 'data' handlers, callbacks it scheduled directly), answers that
 * request 500. Errors further removed from their request are logged only: tying them to it would
 * need AsyncLocalStorage, which on Node 20 taxes every promise.
 */
const inFlight = new Map<number, ServerResponse>();

/** Called as a request arrives, in its own async context. */
export function trackRequest(res: ServerResponse): void {
  const id = executionAsyncId();
  inFlight.set(id, res);
  res.once('close', () => {
    if (inFlight.get(id) === res) inFlight.delete(id);
  });
}

function answerEscaped(): boolean {
  const res = inFlight.get(executionAsyncId()) ?? inFlight.get(triggerAsyncId());
  if (!res || res.writableEnded) return false;
  if (res.headersSent) {
    res.destroy();
    return true;
  }
  const body = JSON.stringify({ __type: 'ServiceException', message: 'Internal error: the request failed unexpectedly; Tributary logged it.' });
  res.writeHead(500, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ServiceException', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/** Keeps the process alive through uncaught errors and unhandled rejections; returns the uninstaller. */
export function guardProcess(logger: Logger, proc: NodeJS.EventEmitter = process): () => void {
  const onError = (err: unknown) => {
    let answered = false;
    try {
      answered = answerEscaped();
    } catch {
      // The response itself is broken; the log line below is all that is left to do.
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    logger.error(`uncaught error${answered ? ' (its request got a 500)' : ''}; Tributary keeps running: ${detail}`);
  };
  proc.on('uncaughtException', onError);
  proc.on('unhandledRejection', onError);
  return () => {
    proc.off('uncaughtException', onError);
    proc.off('unhandledRejection', onError);
  };
}
