import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import { SCHEDULER_MIGRATIONS } from './schema.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface GroupRow {
  account_id: string;
  region: string;
  name: string;
  tags: string;
  created_at: number;
  modified_at: number;
}

export interface ScheduleRow {
  account_id: string;
  region: string;
  group_name: string;
  name: string;
  spec: string;
  client_token: string | null;
  created_at: number;
  modified_at: number;
  next_fire_at: number | null;
}

export interface DeliveryRow {
  seq: number;
  schedule_arn: string;
  group_name: string;
  target: string;
  scheduled_at: number;
  attempt: number;
  first_at: number;
  due_at: number;
}

export class SchedulerStore {
  readonly db: BetterSqlite3.Database;
  private readonly s;

  constructor(store: Store) {
    store.migrate('scheduler', SCHEDULER_MIGRATIONS);
    const db = (this.db = store.db);
    this.s = {
      group: db.prepare('SELECT * FROM scheduler_groups WHERE account_id = ? AND region = ? AND name = ?'),
      groups: db.prepare('SELECT * FROM scheduler_groups WHERE account_id = ? AND region = ? ORDER BY name'),
      insertGroup: db.prepare('INSERT OR IGNORE INTO scheduler_groups (account_id, region, name, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)'),
      deleteGroup: db.prepare('DELETE FROM scheduler_groups WHERE account_id = ? AND region = ? AND name = ?'),
      deleteGroupSchedules: db.prepare('DELETE FROM scheduler_schedules WHERE account_id = ? AND region = ? AND group_name = ?'),
      setGroupTags: db.prepare('UPDATE scheduler_groups SET tags = ? WHERE account_id = ? AND region = ? AND name = ?'),
      schedule: db.prepare('SELECT * FROM scheduler_schedules WHERE account_id = ? AND region = ? AND group_name = ? AND name = ?'),
      schedules: db.prepare('SELECT * FROM scheduler_schedules WHERE account_id = ? AND region = ? ORDER BY group_name, name'),
      upsertSchedule:
        db.prepare(`INSERT INTO scheduler_schedules (account_id, region, group_name, name, spec, client_token, created_at, modified_at, next_fire_at)
        VALUES (@account_id, @region, @group_name, @name, @spec, @client_token, @created_at, @modified_at, @next_fire_at)
        ON CONFLICT (account_id, region, group_name, name) DO UPDATE SET spec = excluded.spec, modified_at = excluded.modified_at, next_fire_at = excluded.next_fire_at`),
      deleteSchedule: db.prepare('DELETE FROM scheduler_schedules WHERE account_id = ? AND region = ? AND group_name = ? AND name = ?'),
      setNextFire: db.prepare('UPDATE scheduler_schedules SET next_fire_at = ? WHERE account_id = ? AND region = ? AND group_name = ? AND name = ?'),
      due: db.prepare('SELECT * FROM scheduler_schedules WHERE next_fire_at IS NOT NULL AND next_fire_at <= ?'),
      nextFire: db.prepare('SELECT MIN(next_fire_at) AS at FROM scheduler_schedules WHERE next_fire_at IS NOT NULL'),
      insertDelivery: db.prepare(
        'INSERT INTO scheduler_deliveries (schedule_arn, group_name, target, scheduled_at, attempt, first_at, due_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
      ),
      dueDeliveries: db.prepare('SELECT * FROM scheduler_deliveries WHERE due_at <= ? ORDER BY due_at, seq LIMIT ?'),
      nextDelivery: db.prepare('SELECT MIN(due_at) AS at FROM scheduler_deliveries'),
      deleteDelivery: db.prepare('DELETE FROM scheduler_deliveries WHERE seq = ?'),
      retryDelivery: db.prepare('UPDATE scheduler_deliveries SET attempt = ?, due_at = ? WHERE seq = ?'),
    };
  }

  private readonly defaultGroups = new Set<string>();

  /** The `default` group exists in every account and region (written once per process and scope). */
  ensureDefaultGroup(scope: Scope, now: number): void {
    const key = `${scope.accountId}/${scope.region}`;
    if (this.defaultGroups.has(key)) return;
    this.s.insertGroup.run(scope.accountId, scope.region, 'default', '{}', now, now);
    this.defaultGroups.add(key);
  }

  group(scope: Scope, name: string): GroupRow | undefined {
    return this.s.group.get(scope.accountId, scope.region, name) as GroupRow | undefined;
  }

  groups(scope: Scope): GroupRow[] {
    return this.s.groups.all(scope.accountId, scope.region) as GroupRow[];
  }

  createGroup(scope: Scope, name: string, tags: Record<string, string>, now: number): boolean {
    return this.s.insertGroup.run(scope.accountId, scope.region, name, JSON.stringify(tags), now, now).changes > 0;
  }

  /** A group goes with its schedules. */
  deleteGroup(scope: Scope, name: string): void {
    this.db.transaction(() => {
      this.s.deleteGroupSchedules.run(scope.accountId, scope.region, name);
      this.s.deleteGroup.run(scope.accountId, scope.region, name);
    })();
  }

  setGroupTags(scope: Scope, name: string, tags: Record<string, string>): void {
    this.s.setGroupTags.run(JSON.stringify(tags), scope.accountId, scope.region, name);
  }

  schedule(scope: Scope, group: string, name: string): ScheduleRow | undefined {
    return this.s.schedule.get(scope.accountId, scope.region, group, name) as ScheduleRow | undefined;
  }

  schedules(scope: Scope): ScheduleRow[] {
    return this.s.schedules.all(scope.accountId, scope.region) as ScheduleRow[];
  }

  putSchedule(row: ScheduleRow): void {
    this.s.upsertSchedule.run(row);
  }

  deleteSchedule(row: { account_id: string; region: string; group_name: string; name: string }): void {
    this.s.deleteSchedule.run(row.account_id, row.region, row.group_name, row.name);
  }

  setNextFire(row: ScheduleRow, at: number | null): void {
    this.s.setNextFire.run(at, row.account_id, row.region, row.group_name, row.name);
  }

  dueSchedules(now: number): ScheduleRow[] {
    return this.s.due.all(now) as ScheduleRow[];
  }

  nextFireAt(): number | undefined {
    return (this.s.nextFire.get() as { at: number | null }).at ?? undefined;
  }

  /** A fire's delivery, due at `dueAt` (a flexible window's moment) or at once. */
  insertDelivery(d: { scheduleArn: string; group: string; target: string; scheduledAt: number; now: number; dueAt?: number }): void {
    this.s.insertDelivery.run(d.scheduleArn, d.group, d.target, d.scheduledAt, d.now, d.dueAt ?? d.now);
  }

  dueDeliveries(now: number, limit: number): DeliveryRow[] {
    return this.s.dueDeliveries.all(now, limit) as DeliveryRow[];
  }

  nextDeliveryAt(): number | undefined {
    return (this.s.nextDelivery.get() as { at: number | null }).at ?? undefined;
  }

  deleteDelivery(seq: number): void {
    this.s.deleteDelivery.run(seq);
  }

  retryDelivery(seq: number, attempt: number, dueAt: number): void {
    this.s.retryDelivery.run(attempt, dueAt, seq);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
