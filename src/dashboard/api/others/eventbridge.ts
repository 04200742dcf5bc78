import { busArn, ruleArn } from '../../../services/events/envelope.js';
import type { Db } from '../../../store/database.js';
import { rows } from '../db.js';
import { count, emptyPart, type ResourcePart } from './part.js';

interface RuleRow {
  account_id: string;
  region: string;
  bus: string;
  name: string;
  event_pattern: string | null;
  schedule: string | null;
  state: string;
}

/** EventBridge buses and rules: bus → rule, rule → each target. */
export function eventBridgePart(db: Db): ResourcePart {
  const part = emptyPart();
  const rules = rows<RuleRow>(db, 'SELECT account_id, region, bus, name, event_pattern, schedule, state FROM events_rules ORDER BY bus, name');
  const targets = rows<{ account_id: string; region: string; bus: string; rule: string; id: string; arn: string }>(
    db,
    'SELECT account_id, region, bus, rule, id, arn FROM events_targets ORDER BY position',
  );
  const buses = new Map<string, string>();
  for (const b of rows<{ account_id: string; region: string; name: string }>(db, 'SELECT account_id, region, name FROM events_buses ORDER BY name')) {
    buses.set(busArn({ accountId: b.account_id, region: b.region }, b.name), b.name);
  }
  // A rule on the default bus names it even when the bus has no row of its own.
  for (const r of rules) buses.set(busArn({ accountId: r.account_id, region: r.region }, r.bus), r.bus);
  for (const [arn, name] of buses) {
    const n = rules.filter((r) => busArn({ accountId: r.account_id, region: r.region }, r.bus) === arn).length;
    part.resources.push({ name, arn, kind: 'bus', detail: count(n, 'rule') });
    part.nodes.push({ id: arn, kind: 'bus', label: name });
  }
  for (const r of rules) {
    const scope = { accountId: r.account_id, region: r.region };
    const arn = ruleArn(scope, r.bus, r.name);
    const mine = targets.filter((t) => t.account_id === r.account_id && t.region === r.region && t.bus === r.bus && t.rule === r.name);
    const what = r.schedule ?? (r.event_pattern ? 'event pattern' : '');
    part.resources.push({
      name: r.name,
      arn,
      kind: 'rule',
      detail: `${what}${what ? ', ' : ''}${count(mine.length, 'target')}${r.state === 'ENABLED' ? '' : ` (${r.state})`}`,
    });
    part.nodes.push({ id: arn, kind: 'rule', label: r.name });
    part.edges.push({ from: busArn(scope, r.bus), to: arn, kind: 'target', label: 'rule' });
    for (const t of mine) part.edges.push({ from: arn, to: t.arn, kind: 'target', label: t.id });
  }
  return part;
}
