/** A mapping in the shape of AWS's EventSourceMappingConfiguration. */
import type { EventSourceMapping } from './model.js';
import { mappingArn } from './model.js';
import type { SourceKind } from './source-kind.js';

export function renderMapping(m: EventSourceMapping, kind: SourceKind): Record<string, unknown> {
  const out: Record<string, unknown> = {
    UUID: m.uuid,
    BatchSize: m.batchSize,
    MaximumBatchingWindowInSeconds: m.maximumBatchingWindowInSeconds,
    EventSourceArn: m.eventSourceArn,
  };
  if (m.filters) out.FilterCriteria = { Filters: m.filters.map((f) => ({ Pattern: f.Pattern })) };
  Object.assign(out, {
    FunctionArn: m.functionArn,
    LastModified: m.lastModified / 1000,
    State: m.state,
    ...kind.render(m),
    FunctionResponseTypes: [...m.functionResponseTypes],
  });
  if (m.maximumConcurrency !== undefined) out.ScalingConfig = { MaximumConcurrency: m.maximumConcurrency };
  if (m.provisionedPollerConfig) out.ProvisionedPollerConfig = { ...m.provisionedPollerConfig };
  if (m.metricsConfig) out.MetricsConfig = { Metrics: [...m.metricsConfig.Metrics] };
  out.EventSourceMappingArn = mappingArn(m);
  return out;
}
