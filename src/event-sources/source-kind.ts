/**
 * What each kind of event source (SQS today; Kinesis, DynamoDB Streams, Kafka later) brings to the
 * shared mapping lifecycle: recognising its ARNs, its own validation and defaults, its response
 * members, and a runner (poller + sender) for an enabled mapping.
 */
import type { ServiceDeps } from '../services/deps.js';
import type { LambdaInternals, ResolvedFunction } from '../services/lambda/internal-api.js';
import type { EventSourceMapping, MappingSettings, SourceKindName } from './model.js';
import type { MappingRequest } from './request.js';

export interface RunnerContext {
  deps: ServiceDeps;
  internals: LambdaInternals;
  /** Keeps the mapping's LastProcessingResult (written only when it changes). */
  recordResult(result: string): void;
}

/** The background work of one enabled mapping. */
export interface MappingRunner {
  /** Stops polling; resolves once no new batch will start. */
  stop(): Promise<void>;
  health?(): Record<string, unknown>;
}

export interface SourceKind {
  readonly name: SourceKindName;
  recognizes(eventSourceArn: string): boolean;
  /** Throws AWS's error when the source does not exist. */
  checkExists(eventSourceArn: string, deps: ServiceDeps): void;
  /**
   * Source-specific rules on the merged settings (defaults and the members a kind refuses come
   * from settings/table.ts); `fn` is the mapped function when it resolves.
   */
  validate(settings: MappingSettings, req: MappingRequest, eventSourceArn: string, deps: ServiceDeps, fn?: ResolvedFunction): void;
  duplicateMessage(eventSourceArn: string, functionName: string, uuid: string): string;
  /** Response members of this kind, besides the shared ones. */
  render(m: EventSourceMapping): Record<string, unknown>;
  startRunner(m: EventSourceMapping, ctx: RunnerContext): MappingRunner;
  /** Removes what the kind keeps for a deleted mapping (stream checkpoints), once its runner has stopped. */
  forget?(uuid: string, deps: ServiceDeps): void;
}
