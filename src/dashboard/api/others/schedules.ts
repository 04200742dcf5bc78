import { scheduleArn, type ScheduleSpec } from '../../../services/scheduler/spec.js';
import type { Db } from '../../../store/database.js';
import { parseJson, rows } from '../db.js';
import { emptyPart, type ResourcePart } from './part.js';

/** EventBridge Scheduler schedules and their targets. */
export function schedulesPart(db: Db): ResourcePart {
  const part = emptyPart();
  const found = rows<{ account_id: string; region: string; group_name: string; name: string; spec: string }>(
    db,
    'SELECT account_id, region, group_name, name, spec FROM scheduler_schedules ORDER BY group_name, name',
  );
  for (const s of found) {
    const spec = parseJson<Partial<ScheduleSpec>>(s.spec, {});
    const arn = scheduleArn({ accountId: s.account_id, region: s.region }, s.group_name, s.name);
    const label = s.group_name === 'default' ? s.name : `${s.group_name}/${s.name}`;
    const state = spec.State && spec.State !== 'ENABLED' ? ` (${spec.State})` : '';
    part.resources.push({ name: label, arn, kind: 'schedule', detail: `${spec.ScheduleExpression ?? ''}${state}` });
    part.nodes.push({ id: arn, kind: 'schedule', label });
    if (spec.Target?.Arn) part.edges.push({ from: arn, to: spec.Target.Arn, kind: 'target' });
  }
  return part;
}
