import type { Db } from '../../../store/database.js';
import { rows } from '../db.js';
import { count, emptyPart, type ResourcePart } from './part.js';

/** SNS topics, and each subscription to a function or queue as an edge. */
export function snsPart(db: Db): ResourcePart {
  const part = emptyPart();
  const subscriptions = rows<{ topic_arn: string; protocol: string; endpoint: string; arn: string }>(
    db,
    'SELECT topic_arn, protocol, endpoint, arn FROM sns_subscriptions ORDER BY created_at',
  );
  for (const t of rows<{ arn: string; name: string }>(db, 'SELECT arn, name FROM sns_topics ORDER BY name')) {
    const n = subscriptions.filter((s) => s.topic_arn === t.arn).length;
    part.resources.push({ name: t.name, arn: t.arn, kind: 'topic', detail: count(n, 'subscription') });
    part.nodes.push({ id: t.arn, kind: 'topic', label: t.name });
  }
  for (const s of subscriptions) {
    if (s.protocol === 'lambda' || s.protocol === 'sqs') part.edges.push({ from: s.topic_arn, to: s.endpoint, kind: 'subscription', label: s.protocol });
  }
  return part;
}
