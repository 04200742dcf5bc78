import type { InternalDeps } from '../../internal/route.js';
import type { Resources } from '../api-types.js';
import { listBuckets } from './buckets.js';
import { listFunctions } from './functions.js';
import { statsByFunction } from './invocations.js';
import { listMappings } from './mappings.js';
import { apisPart } from './others/apis.js';
import { eventBridgePart } from './others/eventbridge.js';
import { loadBalancersPart } from './others/load-balancers.js';
import type { ResourcePart } from './others/part.js';
import { schedulesPart } from './others/schedules.js';
import { snsPart } from './others/sns.js';
import { listQueues } from './queues.js';
import { listStreams, listTables } from './tables.js';

/** The families of resources shown as compact rows, in the order the page lists them. */
export function otherParts(deps: InternalDeps): ResourcePart[] {
  const db = deps.store.db;
  return [snsPart(db), eventBridgePart(db), schedulesPart(db), apisPart(db), loadBalancersPart(db)];
}

/** Every resource in every account and region the store holds. */
export function allResources(deps: InternalDeps): Resources {
  const db = deps.store.db;
  const now = deps.clock.now();
  return {
    functions: listFunctions(db, statsByFunction(deps.history)),
    queues: listQueues(db, deps.endpointUrl(), now),
    buckets: listBuckets(db),
    tables: listTables(db, now),
    streams: listStreams(db),
    mappings: listMappings(db),
    others: otherParts(deps).flatMap((p) => p.resources),
  };
}

/** Resource counts by kind, for the overview. */
export function resourceCounts(resources: Resources): Record<string, number> {
  const counts: Record<string, number> = {
    functions: resources.functions.length,
    queues: resources.queues.length,
    buckets: resources.buckets.length,
    tables: resources.tables.length,
    streams: resources.streams.length,
    mappings: resources.mappings.length,
  };
  const plural: Record<string, string> = { topic: 'topics', bus: 'buses', rule: 'rules', schedule: 'schedules', api: 'apis', loadbalancer: 'loadBalancers' };
  for (const name of Object.values(plural)) counts[name] = 0;
  for (const r of resources.others) {
    const key = plural[r.kind] ?? r.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
