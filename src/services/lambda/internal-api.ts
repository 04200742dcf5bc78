/**
 * What the Lambda service offers its own subsystems that live outside its folder: the async
 * invocation queue (src/async) and event source mappings (src/event-sources). It is the seam
 * between the Lambda API (control plane) and the things that invoke functions on their own.
 */
import type { CorrelationIds } from '../../observations/types.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

export type { ResolvedFunction } from '../../gateway/types.js';
import type { ResolvedFunction } from '../../gateway/types.js';

export interface LambdaInternals {
  /** Resolves a name, partial ARN or ARN (optionally qualified) in the given scope. */
  resolve(functionRef: string, scope: { accountId: string; region: string }): ResolvedFunction | undefined;
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
  /** Ids of the cause, carried into the event's observations. */
  causeIds?: CorrelationIds;
}

/** The durable queue behind `InvocationType: Event` and every push-async source (src/async). */
export interface AsyncInvocations extends LambdaExtension {
  /** Stores the event durably (synchronously, before the caller answers 202), then delivers it. */
  enqueue(fn: ResolvedFunction, request: AsyncEnqueueRequest): void;
}

export type { RecursionAdmission, RecursionGuard } from '../../gateway/recursion-guard.js';
