/** An event source mapping as Tributary keeps it; rendered to AWS's shape in render.ts. */
export type MappingState = 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';

/** The kinds of event source a mapping reads; each names its `SourceKind`. */
export type SourceKindName = 'sqs' | 'kinesis' | 'dynamodb' | 'kafka';

/** `DestinationConfig` as a stream mapping keeps it. */
export interface MappingDestinations {
  OnFailure?: { Destination?: string };
  OnSuccess?: { Destination?: string };
}

/**
 * The settings a mapping's poller and sender run with, by the key each has in the stored `settings`
 * JSON. settings/table.ts describes each one (request member, constraints, defaults, rendering).
 */
export interface MappingSettings {
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  /** `FilterCriteria.Filters`; undefined when the mapping has none. */
  filters?: { Pattern: string }[];
  /** `ScalingConfig.MaximumConcurrency`; undefined when not set. */
  maximumConcurrency?: number;
  /** `ProvisionedPollerConfig`, kept and reported (pollers are not a local resource). */
  provisionedPollerConfig?: { MinimumPollers?: number; MaximumPollers?: number };
  /** `MetricsConfig`, kept and reported. */
  metricsConfig?: { Metrics: string[] };
  /** Stream sources only (Kinesis, DynamoDB Streams, Kafka). */
  startingPosition?: string;
  /** `StartingPositionTimestamp` in epoch seconds (AT_TIMESTAMP). */
  startingPositionTimestamp?: number;
  parallelizationFactor?: number;
  bisectBatchOnFunctionError?: boolean;
  maximumRetryAttempts?: number;
  maximumRecordAgeInSeconds?: number;
  destinationConfig?: MappingDestinations;
  tumblingWindowInSeconds?: number;
}

export interface EventSourceMapping extends MappingSettings {
  uuid: string;
  accountId: string;
  region: string;
  eventSourceArn: string;
  /** The function ARN as AWS reports it: unqualified unless a version or alias was mapped. */
  functionArn: string;
  /** Whether the user wants it polling (`Enabled`); the state follows it. */
  enabled: boolean;
  state: MappingState;
  /** Epoch milliseconds of the last user change. */
  lastModified: number;
  /** What the mapping's last batch came to (`OK`, `PROBLEM: ...`), as stream sources report it. */
  lastProcessingResult?: string;
}

/** A well-formed mapping ARN, as the tagging operations' `Resource` pattern admits it. */
const MAPPING_ARN =
  /^arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:event-source-mapping:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** The UUID of a well-formed mapping ARN; undefined for anything else. */
export function uuidOfMappingArn(arn: string): string | undefined {
  return MAPPING_ARN.exec(arn)?.[6];
}

export function mappingArn(m: Pick<EventSourceMapping, 'region' | 'accountId' | 'uuid'>): string {
  return `arn:aws:lambda:${m.region}:${m.accountId}:event-source-mapping:${m.uuid}`;
}

/** `my-fn` out of `arn:aws:lambda:<region>:<account>:function:my-fn[:qualifier]`. */
export function functionNameOf(functionArn: string): string {
  return functionArn.split(':')[6] ?? functionArn;
}
