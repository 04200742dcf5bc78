import type { EventSourceMappings } from '../mappings.js';
import { validationError } from '../../services/lambda/errors.js';
import { renderMapping } from '../render.js';
import { checkModelConstraints } from '../validation.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** ListEventSourceMappings: filtered by FunctionName and/or EventSourceArn, paged by Marker/MaxItems. */
export function listEventSourceMappings(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'ListEventSourceMappings',
    method: 'GET',
    path: '/2015-03-31/event-source-mappings',
    async run(request, ctx) {
      const q = request.query;
      checkModelConstraints({ FunctionName: q.get('FunctionName') ?? undefined, EventSourceArn: q.get('EventSourceArn') ?? undefined });
      const maxItemsText = q.get('MaxItems');
      const maxItems = maxItemsText === null ? undefined : Number(maxItemsText);
      if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10000)) {
        const bound = maxItems !== undefined && maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000';
        throw validationError([`Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`]);
      }
      const page = mappings.list(ctx, {
        functionName: q.get('FunctionName') ?? undefined,
        eventSourceArn: q.get('EventSourceArn') ?? undefined,
        marker: q.get('Marker') ?? undefined,
        maxItems,
      });
      const body: Record<string, unknown> = {
        EventSourceMappings: page.mappings.map((m) => renderMapping(m, mappings.kindOf(m.eventSourceArn)!)),
      };
      if (page.nextMarker) body.NextMarker = page.nextMarker;
      return { status: 200, body };
    },
  };
}
