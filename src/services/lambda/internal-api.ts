/**
 * What the Lambda service offers its own subsystems that live outside its folder: the async
 * invocation queue (src/async) and event source mappings (src/event-sources). It is the seam
 * between the Lambda API (control plane) and the things that invoke functions on their own.
 */
import type { SyncInvokeOutcome } from '../../contracts.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** A function (and qualifier) resolved from a name or ARN. */
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

export interface InternalInvokeRequest {
  requestId: string;
  payload: Buffer;
  /** X-Ray trace header to hand the function (`Lambda-Runtime-Trace-Id`); carries lineage. */
  traceHeader?: string;
}

export interface LambdaInternals {
  /** Resolves a name, partial ARN or ARN (optionally qualified) in the given scope. */
  resolve(functionRef: string, scope: { accountId: string; region: string }): ResolvedFunction | undefined;
  /** Invokes synchronously through the engine, with the function's concurrency limits. */
  invoke(fn: ResolvedFunction, request: InternalInvokeRequest): Promise<SyncInvokeOutcome>;
  /**
   * Loop detection of the async queue, once `useAsyncInvocations` has run (absent before). Event
   * source mappings admit each batch through it before `invoke`.
   */
  readonly recursion?: RecursionGuard;
}

/**
 * A part of the Lambda API that lives outside src/services/lambda (event invoke config and the
 * async queue in src/async, event source mappings in src/event-sources). Its operations join the
 * Lambda REST-JSON operation table; its lifecycle follows the Lambda service's.
 */
export interface LambdaExtension {
  readonly name: string;
  readonly operations: readonly RestJsonOperation[];
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
  health?(): Record<string, unknown>;
  /**
   * Called by the Lambda service after DeleteFunction removed a function (all versions, `qualifier`
   * undefined) or one version or alias, so settings kept outside the Lambda store go with it.
   */
  functionDeleted?(unqualifiedArn: string, qualifier?: string): void;
  /** Resources of this extension that TagResource, UntagResource and ListTags reach by ARN. */
  taggable?: TaggableResources;
}

/** A kind of taggable resource kept outside the Lambda store (event source mappings). */
export interface TaggableResources {
  /** Whether `arn` is a well-formed ARN of this kind (the resource may not exist). */
  owns(arn: string): boolean;
  /** The resource's tags; throws AWS's ResourceNotFoundException when it is not in `scope`. */
  tags(arn: string, scope: { accountId: string; region: string }): Record<string, string>;
  /** Replaces the resource's tags; throws as `tags` does. */
  setTags(arn: string, scope: { accountId: string; region: string }, tags: Record<string, string>): void;
}

export interface AsyncEnqueueRequest {
  requestId: string;
  payload: Buffer;
  traceHeader?: string;
  /** `lambda:invoke`, `aws:s3`, `aws:sns`, ... */
  source?: string;
}

/** The durable queue behind `InvocationType: Event` and every push-async source (src/async). */
export interface AsyncInvocations extends LambdaExtension {
  /** Stores the event durably (synchronously, before the caller answers 202), then delivers it. */
  enqueue(fn: ResolvedFunction, request: AsyncEnqueueRequest): void;
  /** Loop detection for the synchronous paths (Invoke API, `LambdaPort.invokeSync` for mappings). */
  readonly recursion: RecursionGuard;
}

export type RecursionAdmission =
  /** Invoke with this header (lineage counted; a new trace when the caller sent none). */
  | { allowed: true; traceHeader: string; count: number }
  /** Blocked (§12): Invoke answers 400 RecursiveInvocationException, invokeSync returns `recursion-stopped`. */
  | { allowed: false; traceHeader: string; count: number };

/**
 * Recursive loop detection (§12, src/async owns it). Whoever is about to invoke a function calls
 * `admit` once per invocation with the caller's `X-Amzn-Trace-Id` (or a message's AWSTraceHeader)
 * and passes the returned header as `InternalInvokeRequest.traceHeader`; `LambdaInternals.invoke`
 * itself does not count. The async queue admits its own deliveries (do not admit before `enqueue`).
 */
export interface RecursionGuard {
  admit(fn: ResolvedFunction, traceHeader: string | undefined): RecursionAdmission;
}
