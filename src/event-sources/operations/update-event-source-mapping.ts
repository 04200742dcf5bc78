import type { EventSourceMappings } from '../mappings.js';
import { renderMapping } from '../render.js';
import { parseRequestBody } from '../request.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** UpdateEventSourceMapping: answers 202 in `Updating`, `Enabling` or `Disabling`. */
export function updateEventSourceMapping(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'UpdateEventSourceMapping',
    method: 'PUT',
    path: '/2015-03-31/event-source-mappings/{UUID}',
    async run(request, ctx) {
      const m = mappings.update(request.params.UUID ?? '', parseRequestBody(request.body), ctx);
      return { status: 202, body: renderMapping(m, mappings.kindOf(m.eventSourceArn)!) };
    },
  };
}
