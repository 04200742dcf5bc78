/** The JSON body of CreateEventSourceMapping / UpdateEventSourceMapping (the members we act on). */
export interface MappingRequest {
  FunctionName?: string;
  EventSourceArn?: string;
  Enabled?: boolean;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  FilterCriteria?: { Filters?: { Pattern?: string }[] | null } | null;
  ScalingConfig?: { MaximumConcurrency?: number } | null;
  ProvisionedPollerConfig?: { MinimumPollers?: number; MaximumPollers?: number } | null;
  MetricsConfig?: { Metrics?: string[] } | null;
  DestinationConfig?: { OnSuccess?: unknown; OnFailure?: unknown } | null;
  StartingPosition?: string;
  /** CreateEventSourceMapping only. */
  Tags?: Record<string, string> | null;
}

export function parseRequestBody(body: Buffer): MappingRequest {
  if (body.length === 0) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as MappingRequest) : {};
  } catch {
    return {};
  }
}
