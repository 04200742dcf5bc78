import type { EventSourceMappings } from '../mappings.js';
import { renderMapping } from '../render.js';
import { checkListQuery } from '../settings/apply.js';
import type { RestJsonOperation } from '../../protocols/rest-json.js';

/** ListEventSourceMappings: filtered by FunctionName and/or EventSourceArn, paged by Marker/MaxItems. */
export function listEventSourceMappings(mappings: EventSourceMappings): RestJsonOperation {
  return {
    name: 'ListEventSourceMappings',
    method: 'GET',
    path: '/2015-03-31/event-source-mappings',
    async run(request, ctx) {
      const q = request.query;
      const maxItemsText = q.get('MaxItems') ?? undefined;
      checkListQuery({ FunctionName: q.get('FunctionName') ?? undefined, EventSourceArn: q.get('EventSourceArn') ?? undefined, MaxItems: maxItemsText });
      const maxItems = maxItemsText === undefined ? undefined : Number(maxItemsText);
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
