import { randomHex } from '../tracing/random-pool.js';
import type { Timer } from '../clock.js';
import type { InvokeRequest, InvokeResult } from './types.js';

/** Largest response a function may return; AWS quotes this number in the error. */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** One invocation as an instance carries it, from assignment to its REPORT line. */
export interface Invocation {
  request: InvokeRequest;
  /** Assigned to a starting instance: its REPORT carries Init Duration. */
  cold: boolean;
  resolve(result: InvokeResult): void;
  reject(error: Error): void;
  /** Log lines kept for the tail, when the caller asked for it. */
  lines?: string[];
  delivered: boolean;
  deliveredAt: number;
  finished: boolean;
  timer?: Timer;
  /** The runtime is streaming the response (it went to the request's sink, if any). */
  streamed?: boolean;
}

export function newInvocation(request: InvokeRequest, cold: boolean, resolve: Invocation['resolve'], reject: Invocation['reject']): Invocation {
  return { request, cold, resolve, reject, lines: request.tail ? [] : undefined, delivered: false, deliveredAt: 0, finished: false };
}

/** How an invocation ended. */
export interface Completion {
  outcome: 'success' | 'error';
  payload: Buffer;
  errorType?: string;
  /** Platform lines logged before END (timeout and exit messages). */
  platformLines?: string[];
  status?: 'timeout' | 'error';
  /** Stop the instance (after reading its memory peak). */
  stop?: boolean;
}

/** An error the platform reports itself (not the runtime). */
export interface PlatformError {
  errorType: string;
  message: string;
}

export const platformErrorPayload = (requestId: string, e: PlatformError) =>
  Buffer.from(JSON.stringify({ errorType: e.errorType, errorMessage: `RequestId: ${requestId} Error: ${e.message}` }));

export const responseTooLargePayload = () =>
  Buffer.from(
    JSON.stringify({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    }),
  );

export const newTraceId = () => `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;

/** The error type of a runtime-reported error: the header, else the body's `errorType`. */
export function errorTypeOf(header: string | undefined, body: Buffer): string {
  if (header) return header;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errorType?: unknown };
    if (typeof parsed.errorType === 'string') return parsed.errorType;
  } catch {
    // not JSON: keep the default
  }
  return 'Unhandled';
}

/** How Lambda words a runtime process that ended (Go's wording, as the platform is in Go). */
export function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (code === 0) return 'Runtime exited without providing a reason';
  if (code !== null) return `Runtime exited with error: exit status ${code}`;
  const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGTERM: 'terminated' };
  return `Runtime exited with error: signal: ${(signal && names[signal]) ?? signal?.toLowerCase() ?? 'unknown'}`;
}
