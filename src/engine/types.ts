/**
 * The engine runs function code. It knows functions only as a FunctionSpec and invocations only
 * as bytes in and bytes out: no wire format, no Lambda API.
 */

export interface FunctionSpec {
  /** Changes whenever code or configuration changes; instances of another key are retired. */
  revision: string;
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  /** `$LATEST` or a published version number. */
  version: string;
  accountId: string;
  region: string;
  runtime: string;
  handler: string;
  /** Directory holding the unpacked deployment package (the function's `/var/task`). */
  codeDir: string;
  /** Unpacked layers in order (the function's `/opt`), merged for runtimes that need one path. */
  layerDirs: readonly string[];
  memorySizeMb: number;
  timeoutSeconds: number;
  ephemeralStorageMb: number;
  architecture: string;
  /** The function's own environment variables. */
  environment: Readonly<Record<string, string>>;
  /** Reserved concurrency; undefined means "up to the local cap". */
  reservedConcurrency?: number;
  logGroupName: string;
  /** Watch `codeDir` and retire instances when files change (development mode). */
  watchCode?: boolean;
}

export interface InvokeRequest {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller used, with a qualifier when one was given. */
  invokedFunctionArn: string;
  /** Decoded client context JSON (from `X-Amz-Client-Context`). */
  clientContext?: string;
  cognitoIdentity?: string;
  /** `X-Amz-Tenant-Id` (tenant isolation), handed to the runtime as `Lambda-Runtime-Aws-Tenant-Id`. */
  tenantId?: string;
  /** X-Ray trace header for `Lambda-Runtime-Trace-Id`; the engine makes one when absent. */
  traceId?: string;
  /** Return the last 4 KB of log output. */
  tail?: boolean;
  /**
   * Where a streamed response goes as the runtime sends it (`Lambda-Runtime-Function-Response-Mode:
   * streaming`). Without one, a streamed response is collected into `payload` as Invoke returns it.
   */
  stream?: ResponseStreamSink;
}

/** Receives a streamed response chunk by chunk, as the function writes it. */
export interface ResponseStreamSink {
  /** The runtime began streaming; `contentType` is its response's Content-Type. */
  start(contentType: string | undefined): void;
  write(chunk: Buffer): void;
}

export interface InvokeResult {
  /** `error` when the function or the platform reported an error (body is the error JSON). */
  outcome: 'success' | 'error';
  payload: Buffer;
  /** `errorType` of the error JSON (e.g. `Sandbox.Timedout`, `Runtime.ExitError`). */
  errorType?: string;
  /** Last 4 KB of the invocation's log, START to REPORT, when `tail` was asked. */
  logTail?: string;
  durationMs: number;
  initDurationMs?: number;
  /** The response went to the request's `stream`: `payload` is empty on success, the error JSON on a mid-stream error. */
  streamed?: boolean;
}

/** Raised when the function is already running as many instances as it may. */
export class ThrottledError extends Error {
  constructor(readonly reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded') {
    super('Rate Exceeded.');
  }
}

/** Lines one instance printed (or the platform logged for it) at one moment, for a log store. */
export interface FunctionLogBatch {
  accountId: string;
  region: string;
  logGroupName: string;
  /** The instance's `AWS_LAMBDA_LOG_STREAM_NAME`. */
  logStreamName: string;
  lines: readonly string[];
  timestamp: number;
}

/** Where function output goes besides the terminal; called on the hot path, so it must only queue. */
export type FunctionLogSink = (batch: FunctionLogBatch) => void;

export interface Engine {
  invoke(spec: FunctionSpec, request: InvokeRequest): Promise<InvokeResult>;
  /** Stops every instance of the function (deleted, or code or configuration changed). */
  retire(functionArn: string): Promise<void>;
  /** Instances per function, for health and tests. */
  stats(): Record<string, { busy: number; idle: number }>;
  stop(): Promise<void>;
}
