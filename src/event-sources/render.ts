/** A mapping in the shape of AWS's EventSourceMappingConfiguration. */
import type { EventSourceMapping } from './model.js';
import { mappingArn } from './model.js';
import { renderSettings } from './settings/apply.js';
import type { SourceKind } from './source-kind.js';

export function renderMapping(m: EventSourceMapping, kind: SourceKind): Record<string, unknown> {
  return {
    UUID: m.uuid,
    EventSourceArn: m.eventSourceArn,
    FunctionArn: m.functionArn,
    LastModified: m.lastModified / 1000,
    State: m.state,
    ...kind.render(m),
    ...renderSettings(m),
    EventSourceMappingArn: mappingArn(m),
  };
}
