import type { EventSourceMappings } from '../mappings.js';
import { renderMapping } from '../render.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** DeleteEventSourceMapping: answers 202 in `Deleting`; the mapping stops and is gone shortly after. */
export function deleteEventSourceMapping(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'DeleteEventSourceMapping',
    method: 'DELETE',
    path: '/2015-03-31/event-source-mappings/{UUID}',
    async run(request, ctx) {
      const m = mappings.delete(request.params.UUID ?? '', ctx);
      return { status: 202, body: renderMapping(m, mappings.kindOf(m.eventSourceArn)!) };
    },
  };
}
