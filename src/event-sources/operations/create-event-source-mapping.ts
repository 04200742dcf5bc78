import type { EventSourceMappings } from '../mappings.js';
import { renderMapping } from '../render.js';
import { parseRequestBody } from '../request.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** CreateEventSourceMapping: answers 202 with the mapping in `Creating`. */
export function createEventSourceMapping(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'CreateEventSourceMapping',
    method: 'POST',
    path: '/2015-03-31/event-source-mappings',
    async run(request, ctx) {
      const m = mappings.create(parseRequestBody(request.body), ctx);
      return { status: 202, body: renderMapping(m, mappings.kindOf(m.eventSourceArn)!) };
    },
  };
}
