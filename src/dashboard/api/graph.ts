import type { InternalDeps } from '../../internal/route.js';
import type { Graph, GraphEdge, GraphNode } from '../api-types.js';
import { allBuckets, notificationsOf } from './buckets.js';
import { functionArn, functionDestinations } from './functions.js';
import { listMappings, unqualified } from './mappings.js';
import { allQueues, deadLetterTargetOf } from './queues.js';
import { otherParts } from './resources.js';
import { allTables, listStreams } from './tables.js';
import { rows } from './db.js';

/** Nodes for resources, edges for everything that sends one to another. */
export function buildGraph(deps: InternalDeps): Graph {
  const db = deps.store.db;
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const node = (n: GraphNode) => nodes.set(n.id, n);

  for (const f of rows<{ account_id: string; region: string; name: string }>(db, 'SELECT account_id, region, name FROM lambda_functions ORDER BY name')) {
    node({ id: functionArn(f.region, f.account_id, f.name), kind: 'function', label: f.name });
  }
  for (const q of allQueues(db)) {
    node({ id: q.arn, kind: 'queue', label: q.name });
    const dlq = deadLetterTargetOf(q);
    if (dlq) edges.push({ from: q.arn, to: dlq, kind: 'redrive', label: 'RedrivePolicy' });
  }
  for (const b of allBuckets(db)) {
    const id = `arn:aws:s3:::${b.name}`;
    node({ id, kind: 'bucket', label: b.name });
    for (const t of notificationsOf(b.notification).targets) edges.push({ from: id, to: t.arn, kind: 'notification', label: t.events.join(', ') });
  }
  for (const t of allTables(db)) {
    node({ id: t.arn, kind: 'table', label: t.name });
    if (t.stream?.enabled && t.stream.arn) edges.push({ from: t.arn, to: t.stream.arn, kind: 'stream', label: t.stream.viewType });
  }
  for (const s of listStreams(db)) node({ id: s.arn, kind: 'stream', label: `${s.name} stream` });
  for (const m of listMappings(db)) {
    if (m.eventSourceArn) edges.push({ from: m.eventSourceArn, to: m.functionArn, kind: 'mapping', label: `${m.uuid} (${m.state})` });
  }
  for (const d of functionDestinations(db)) edges.push({ from: d.functionArn, to: d.targetArn, kind: d.kind, label: d.label });
  for (const part of otherParts(deps)) {
    for (const n of part.nodes) node(n);
    edges.push(...part.edges);
  }

  // An edge names a function however it was configured (qualified or not); the node is the function's.
  const resolved = edges.map((e) => ({ ...e, from: nodeId(e.from, nodes), to: nodeId(e.to, nodes) }));
  for (const e of resolved) {
    for (const id of [e.from, e.to]) if (!nodes.has(id)) node({ id, kind: 'other', label: labelOf(id) });
  }
  return { nodes: [...nodes.values()], edges: resolved };
}

function nodeId(arn: string, nodes: Map<string, GraphNode>): string {
  if (nodes.has(arn)) return arn;
  if (arn.startsWith('arn:aws:lambda:') && nodes.has(unqualified(arn))) return unqualified(arn);
  return arn;
}

function labelOf(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1) || arn;
}
