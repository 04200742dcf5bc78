/**
 * The function gateway is the only way anything runs a function: the Invoke API, function URLs,
 * the async queue, every event source mapping and every push source. It resolves the function
 * once, consults the recursion guard, runs it through the engine, maps the outcome once and emits
 * the invocation observations.
 */
import type { AwsError } from '../protocols/aws-error.js';
import type { CorrelationIds } from '../observations/types.js';
import type { ResponseStreamSink } from '../engine/types.js';

export interface Scope {
  accountId: string;
  region: string;
}

/** A function (and qualifier) resolved from a name or ARN: plain data a caller may hold on to. */
export interface ResolvedFunction {
  accountId: string;
  region: string;
  functionName: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>` */
  unqualifiedArn: string;
  /** The unqualified ARN plus `:$LATEST`, `:<version>` or `:<alias>`. */
  qualifiedArn: string;
  /** `$LATEST` or the version an alias points to. */
  version: string;
  /** `DeadLetterConfig.TargetArn` of that version, when set. */
  deadLetterTargetArn?: string;
  /** Reserved concurrency of the function, when set (0 means every invoke is throttled). */
  reservedConcurrency?: number;
  /** `Timeout` of that version, when known (SQS mappings check it against the queue's visibility timeout). */
  timeoutSeconds?: number;
}

/** Why a function is being run: where the event came from and the ids that tie it to its cause. */
export interface InvocationCause {
  /** `lambda:invoke`, `lambda:url`, `aws:sqs`, `aws:s3`, `aws:sns`, `aws:dynamodb`, ... */
  source: string;
  /** Correlation ids of the cause (request, batch, mapping, messages, attempt). */
  ids?: CorrelationIds;
}

export interface GatewayInvokeRequest {
  /** The function as a caller resolved it earlier (`resolve`), or a name/ARN to resolve in `scope`. */
  function: ResolvedFunction | { ref: string; scope: Scope };
  /** The Lambda request id the function sees as `context.awsRequestId`. */
  requestId: string;
  payload: Buffer;
  /** `X-Amzn-Trace-Id` of the event (carries the recursion lineage); a new trace when absent. */
  traceHeader?: string;
  /**
   * `count` (the default) counts this invocation in the event's lineage and stops loops past 16;
   * `exempt` is for paths AWS does not count (a caller must say so explicitly);
   */
  recursion?: 'count' | 'exempt';
  cause: InvocationCause;
  clientContext?: string;
  tenantId?: string;
  /** Return the last 4 KB of the log (`LogType: Tail`). */
  tail?: boolean;
  /** Receives a streaming function's response as it is written (InvokeWithResponseStream, RESPONSE_STREAM URLs). */
  responseStream?: ResponseStreamSink;
}

export type GatewayOutcome =
  /** `streamed`: the response went to `responseStream` (the payload is empty, or the error JSON of a mid-stream error). */
  | { kind: 'success'; fn: ResolvedFunction; payload: Buffer; executedVersion: string; durationMs: number; logTail?: string; streamed?: boolean }
  | {
      kind: 'function-error';
      fn: ResolvedFunction;
      payload: Buffer;
      executedVersion: string;
      errorType?: string;
      durationMs: number;
      logTail?: string;
      streamed?: boolean;
    }
  /** At a concurrency limit (reserved, or the local cap). `error` is AWS's 429. */
  | { kind: 'throttled'; fn: ResolvedFunction; error: AwsError }
  /** The function exists but cannot run now (Pending, Failed, update in progress). `error` is AWS's answer. */
  | { kind: 'not-invocable'; fn: ResolvedFunction; error: AwsError }
  /** The recursion guard stopped it (the 17th invocation of one chain). */
  | { kind: 'recursion-stopped'; fn: ResolvedFunction; count: number }
  | { kind: 'not-found'; message: string }
  /** The engine failed for a reason that is not the function's (could not start a process, ...). */
  | { kind: 'system-error'; fn: ResolvedFunction; error: Error };

export interface FunctionGateway {
  /** Resolves a name, partial ARN or ARN (optionally qualified) in the scope. */
  resolve(ref: string, scope: Scope): ResolvedFunction | undefined;
  /** Runs the function and waits; every outcome is a value, nothing but programming errors throw. */
  invoke(request: GatewayInvokeRequest): Promise<GatewayOutcome>;
}
