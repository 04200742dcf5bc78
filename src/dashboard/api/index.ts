import type { InternalModule } from '../../internal/route.js';
import { bucketExists, listObjects } from './buckets.js';
import { findFunction } from './function-ref.js';
import { listFunctions } from './functions.js';
import { buildGraph } from './graph.js';
import { get, limitParam, notFound, post } from './http.js';
import { invokeFunction, invokeRequestOf } from './invoke.js';
import { keptInvocations, statsByFunction, statsOf } from './invocations.js';
import { KeptEvents } from './kept-events.js';
import { functionLogs } from './logs.js';
import { listMappings } from './mappings.js';
import { observationPage } from './observations.js';
import { overview } from './overview.js';
import { peekMessages, queueByArn } from './queues.js';
import { replay, replayRequestOf } from './replay.js';
import { allResources } from './resources.js';
import { streamDetail, tableByArn, tableItems } from './tables.js';

/** How many invocations (newest) and durations a function's detail lists. */
const DETAIL_INVOCATIONS = 200;

/** The dashboard's JSON API (`src/dashboard/api-types.ts` is the contract). */
export const dashboardApiModule: InternalModule = {
  name: 'dashboard-api',
  routes(deps) {
    const startedAt = deps.clock.now();
    // Events are kept for replay only where invocations are kept for the page to list.
    const kept = deps.history.capacity > 0 ? new KeptEvents(deps.gateway, deps.observations) : undefined;
    const replayable = (id: string) => kept?.has(id) ?? false;
    const db = deps.store.db;
    return [
      get('overview', () => overview(deps, startedAt)),
      get('observations', ({ url }) => observationPage(deps.history, url)),
      get('functions', () => ({ functions: listFunctions(db, statsByFunction(deps.history)) })),
      get(/^functions\/([^/]+)$/, ({ params }) => {
        const fn = findFunction(deps, params[0]!);
        const invocations = keptInvocations(deps.history, fn.arn, replayable);
        fn.stats = statsOf(invocations);
        const finished = invocations.filter((i) => i.outcome !== undefined && i.durationMs !== undefined);
        return {
          function: fn,
          invocations: invocations.slice(-DETAIL_INVOCATIONS).reverse(),
          mappings: listMappings(db, fn.arn),
          durations: finished.slice(-DETAIL_INVOCATIONS).map((i) => ({ time: i.startedAt, ms: i.durationMs!, outcome: i.outcome! })),
        };
      }),
      get(/^functions\/([^/]+)\/logs$/, ({ params, url }) => ({
        events: functionLogs(deps, findFunction(deps, params[0]!), {
          q: url.searchParams.get('q') ?? undefined,
          invocation: url.searchParams.get('invocation') ?? undefined,
          limit: limitParam(url, 'limit', 500, 5000),
        }),
      })),
      post(/^functions\/([^/]+)\/invoke$/, ({ params }, body) => invokeFunction(deps, findFunction(deps, params[0]!), invokeRequestOf(body))),
      get('resources', () => allResources(deps)),
      get(/^queues\/([^/]+)\/messages$/, ({ params, url }) => {
        const queue = queueByArn(db, params[0]!);
        if (!queue) throw notFound(`No queue ${params[0]}`);
        return { messages: peekMessages(db, queue, deps.clock.now(), limitParam(url, 'limit', 100, 1000)) };
      }),
      get(/^buckets\/([^/]+)\/objects$/, ({ params, url }) => {
        if (!bucketExists(db, params[0]!)) throw notFound(`No bucket ${params[0]}`);
        return { objects: listObjects(db, params[0]!, url.searchParams.get('prefix') ?? '', limitParam(url, 'limit', 100, 1000)) };
      }),
      get(/^tables\/([^/]+)\/items$/, ({ params, url }) => {
        const table = tableByArn(db, params[0]!);
        if (!table) throw notFound(`No table ${params[0]}`);
        return { items: tableItems(db, table, limitParam(url, 'limit', 100, 1000)) };
      }),
      get(/^streams\/([^/]+)$/, ({ params }) => {
        const detail = streamDetail(db, params[0]!);
        if (!detail) throw notFound(`No stream ${params[0]}`);
        return detail;
      }),
      get('graph', () => buildGraph(deps)),
      post('replay', (_request, body) => replay(deps, kept, replayRequestOf(body))),
    ];
  },
};
