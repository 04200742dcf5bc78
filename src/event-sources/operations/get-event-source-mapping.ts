import type { EventSourceMappings } from '../mappings.js';
import { renderMapping } from '../render.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

export function getEventSourceMapping(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'GetEventSourceMapping',
    method: 'GET',
    path: '/2015-03-31/event-source-mappings/{UUID}',
    async run(request, ctx) {
      const m = mappings.get(request.params.UUID ?? '', ctx);
      return { status: 200, body: renderMapping(m, mappings.kindOf(m.eventSourceArn)!) };
    },
  };
}
