import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import { EVENTS_MIGRATIONS } from './schema.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface BusRow {
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  policy: string | null;
  tags: string;
  created_at: number;
  modified_at: number;
}

export interface RuleRow {
  account_id: string;
  region: string;
  bus: string;
  name: string;
  event_pattern: string | null;
  schedule: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  managed_by: string | null;
  tags: string;
  created_at: number;
  anchor_at: number;
  next_fire_at: number | null;
}

export interface TargetRow {
  account_id: string;
  region: string;
  bus: string;
  rule: string;
  id: string;
  arn: string;
  /** The Target structure as PutTargets received it. */
  spec: string;
}

export interface DeliveryRow {
  seq: number;
  rule_arn: string;
  target: string;
  event: string;
  trace_header: string | null;
  attempt: number;
  first_at: number;
  due_at: number;
}

export interface ArchiveRow {
  account_id: string;
  region: string;
  name: string;
  source_arn: string;
  description: string | null;
  event_pattern: string | null;
  retention_days: number;
  created_at: number;
  event_count: number;
  size_bytes: number;
}

export interface ReplayRow {
  account_id: string;
  region: string;
  name: string;
  spec: string;
  state: string;
  state_reason: string | null;
  started_at: number;
  ended_at: number | null;
  last_replayed: number | null;
}

export interface NewDelivery {
  ruleArn: string;
  target: string;
  event: string;
  traceHeader?: string;
  firstAt: number;
  dueAt: number;
}

/** The SQLite side of EventBridge. */
export class EventsStore {
  readonly db: BetterSqlite3.Database;
  private readonly s;

  constructor(store: Store) {
    store.migrate('events', EVENTS_MIGRATIONS);
    const db = (this.db = store.db);
    this.s = {
      bus: db.prepare('SELECT * FROM events_buses WHERE account_id = ? AND region = ? AND name = ?'),
      insertBus: db.prepare(
        'INSERT OR IGNORE INTO events_buses (account_id, region, name, description, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteBus: db.prepare('DELETE FROM events_buses WHERE account_id = ? AND region = ? AND name = ?'),
      buses: db.prepare("SELECT * FROM events_buses WHERE account_id = ? AND region = ? AND name LIKE ? ESCAPE '\\' ORDER BY name"),
      setPolicy: db.prepare('UPDATE events_buses SET policy = ?, modified_at = ? WHERE account_id = ? AND region = ? AND name = ?'),
      setBusTags: db.prepare('UPDATE events_buses SET tags = ? WHERE account_id = ? AND region = ? AND name = ?'),
      rule: db.prepare('SELECT * FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? AND name = ?'),
      rulesOfBus: db.prepare("SELECT * FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? AND name LIKE ? ESCAPE '\\' ORDER BY name"),
      upsertRule:
        db.prepare(`INSERT INTO events_rules (account_id, region, bus, name, event_pattern, schedule, state, description, role_arn, managed_by, tags, created_at, anchor_at, next_fire_at)
        VALUES (@account_id, @region, @bus, @name, @event_pattern, @schedule, @state, @description, @role_arn, @managed_by, @tags, @created_at, @anchor_at, @next_fire_at)
        ON CONFLICT (account_id, region, bus, name) DO UPDATE SET event_pattern = excluded.event_pattern, schedule = excluded.schedule, state = excluded.state,
          description = excluded.description, role_arn = excluded.role_arn, anchor_at = excluded.anchor_at, next_fire_at = excluded.next_fire_at`),
      deleteRule: db.prepare('DELETE FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? AND name = ?'),
      setRuleState: db.prepare('UPDATE events_rules SET state = ?, next_fire_at = ? WHERE account_id = ? AND region = ? AND bus = ? AND name = ?'),
      setRuleTags: db.prepare('UPDATE events_rules SET tags = ? WHERE account_id = ? AND region = ? AND bus = ? AND name = ?'),
      setNextFire: db.prepare('UPDATE events_rules SET next_fire_at = ? WHERE account_id = ? AND region = ? AND bus = ? AND name = ?'),
      dueRules: db.prepare('SELECT * FROM events_rules WHERE next_fire_at IS NOT NULL AND next_fire_at <= ?'),
      nextRuleFire: db.prepare('SELECT MIN(next_fire_at) AS at FROM events_rules WHERE next_fire_at IS NOT NULL'),
      targets: db.prepare('SELECT * FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND rule = ? ORDER BY position, id'),
      countTargets: db.prepare('SELECT COUNT(*) AS n FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND rule = ?'),
      upsertTarget: db.prepare(`INSERT INTO events_targets (account_id, region, bus, rule, id, arn, spec, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, region, bus, rule, id) DO UPDATE SET arn = excluded.arn, spec = excluded.spec`),
      deleteTarget: db.prepare('DELETE FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND rule = ? AND id = ?'),
      rulesByTarget: db.prepare('SELECT DISTINCT rule FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND arn = ? ORDER BY rule'),
      insertDelivery: db.prepare(
        'INSERT INTO events_deliveries (rule_arn, target, event, trace_header, attempt, first_at, due_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
      ),
      dueDeliveries: db.prepare('SELECT * FROM events_deliveries WHERE due_at <= ? ORDER BY due_at, seq LIMIT ?'),
      nextDelivery: db.prepare('SELECT MIN(due_at) AS at FROM events_deliveries'),
      deleteDelivery: db.prepare('DELETE FROM events_deliveries WHERE seq = ?'),
      retryDelivery: db.prepare('UPDATE events_deliveries SET attempt = ?, due_at = ? WHERE seq = ?'),
      archive:
        db.prepare(`SELECT a.*, (SELECT COUNT(*) FROM events_archived e WHERE e.account_id = a.account_id AND e.region = a.region AND e.archive = a.name) AS event_count,
        (SELECT COALESCE(SUM(LENGTH(e.event)), 0) FROM events_archived e WHERE e.account_id = a.account_id AND e.region = a.region AND e.archive = a.name) AS size_bytes
        FROM events_archives a WHERE account_id = ? AND region = ? AND name = ?`),
      archives:
        db.prepare(`SELECT a.*, (SELECT COUNT(*) FROM events_archived e WHERE e.account_id = a.account_id AND e.region = a.region AND e.archive = a.name) AS event_count,
        (SELECT COALESCE(SUM(LENGTH(e.event)), 0) FROM events_archived e WHERE e.account_id = a.account_id AND e.region = a.region AND e.archive = a.name) AS size_bytes
        FROM events_archives a WHERE account_id = ? AND region = ? ORDER BY name`),
      archivesOfSource: db.prepare('SELECT * FROM events_archives WHERE account_id = ? AND region = ? AND source_arn = ?'),
      insertArchive: db.prepare(
        'INSERT OR IGNORE INTO events_archives (account_id, region, name, source_arn, description, event_pattern, retention_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updateArchive: db.prepare(
        'UPDATE events_archives SET description = ?, event_pattern = ?, retention_days = ? WHERE account_id = ? AND region = ? AND name = ?',
      ),
      deleteArchive: db.prepare('DELETE FROM events_archives WHERE account_id = ? AND region = ? AND name = ?'),
      deleteArchived: db.prepare('DELETE FROM events_archived WHERE account_id = ? AND region = ? AND archive = ?'),
      insertArchived: db.prepare('INSERT INTO events_archived (account_id, region, archive, event_time, archived_at, event) VALUES (?, ?, ?, ?, ?, ?)'),
      archived: db.prepare(
        'SELECT event, event_time FROM events_archived WHERE account_id = ? AND region = ? AND archive = ? AND event_time >= ? AND event_time < ? ORDER BY event_time, seq',
      ),
      replay: db.prepare('SELECT * FROM events_replays WHERE account_id = ? AND region = ? AND name = ?'),
      replays: db.prepare('SELECT * FROM events_replays WHERE account_id = ? AND region = ? ORDER BY name'),
      insertReplay: db.prepare('INSERT OR IGNORE INTO events_replays (account_id, region, name, spec, state, started_at) VALUES (?, ?, ?, ?, ?, ?)'),
      setReplayState: db.prepare(
        'UPDATE events_replays SET state = ?, state_reason = ?, ended_at = ?, last_replayed = COALESCE(?, last_replayed) WHERE account_id = ? AND region = ? AND name = ?',
      ),
    };
  }

  bus(scope: Scope, name: string): BusRow | undefined {
    return this.s.bus.get(scope.accountId, scope.region, name) as BusRow | undefined;
  }

  private readonly defaultBuses = new Set<string>();

  /** Every account and region has its `default` bus the moment anybody looks (written once per process and scope). */
  ensureDefaultBus(scope: Scope, now: number): void {
    const key = `${scope.accountId}/${scope.region}`;
    if (this.defaultBuses.has(key)) return;
    this.s.insertBus.run(scope.accountId, scope.region, 'default', null, '{}', now, now);
    this.defaultBuses.add(key);
  }

  createBus(scope: Scope, name: string, description: string | undefined, tags: Record<string, string>, now: number): boolean {
    return this.s.insertBus.run(scope.accountId, scope.region, name, description ?? null, JSON.stringify(tags), now, now).changes > 0;
  }

  deleteBus(scope: Scope, name: string): void {
    this.db.transaction(() => {
      this.s.deleteBus.run(scope.accountId, scope.region, name);
      this.db.prepare('DELETE FROM events_rules WHERE account_id = ? AND region = ? AND bus = ?').run(scope.accountId, scope.region, name);
      this.db.prepare('DELETE FROM events_targets WHERE account_id = ? AND region = ? AND bus = ?').run(scope.accountId, scope.region, name);
    })();
  }

  buses(scope: Scope, prefix: string): BusRow[] {
    return this.s.buses.all(scope.accountId, scope.region, `${likeEscape(prefix)}%`) as BusRow[];
  }

  setPolicy(scope: Scope, name: string, policy: string | null, now: number): void {
    this.s.setPolicy.run(policy, now, scope.accountId, scope.region, name);
  }

  setBusTags(scope: Scope, name: string, tags: Record<string, string>): void {
    this.s.setBusTags.run(JSON.stringify(tags), scope.accountId, scope.region, name);
  }

  rule(scope: Scope, bus: string, name: string): RuleRow | undefined {
    return this.s.rule.get(scope.accountId, scope.region, bus, name) as RuleRow | undefined;
  }

  rules(scope: Scope, bus: string, prefix = ''): RuleRow[] {
    return this.s.rulesOfBus.all(scope.accountId, scope.region, bus, `${likeEscape(prefix)}%`) as RuleRow[];
  }

  putRule(row: RuleRow): void {
    this.s.upsertRule.run(row);
  }

  deleteRule(scope: Scope, bus: string, name: string): void {
    this.s.deleteRule.run(scope.accountId, scope.region, bus, name);
  }

  setRuleState(rule: RuleRow, state: string, nextFireAt: number | null): void {
    this.s.setRuleState.run(state, nextFireAt, rule.account_id, rule.region, rule.bus, rule.name);
  }

  setRuleTags(rule: RuleRow, tags: Record<string, string>): void {
    this.s.setRuleTags.run(JSON.stringify(tags), rule.account_id, rule.region, rule.bus, rule.name);
  }

  setNextFire(rule: RuleRow, at: number | null): void {
    this.s.setNextFire.run(at, rule.account_id, rule.region, rule.bus, rule.name);
  }

  dueRules(now: number): RuleRow[] {
    return this.s.dueRules.all(now) as RuleRow[];
  }

  nextRuleFire(): number | undefined {
    return (this.s.nextRuleFire.get() as { at: number | null }).at ?? undefined;
  }

  targets(rule: { account_id: string; region: string; bus: string; name: string }): TargetRow[] {
    return this.s.targets.all(rule.account_id, rule.region, rule.bus, rule.name) as TargetRow[];
  }

  targetCount(rule: RuleRow): number {
    return (this.s.countTargets.get(rule.account_id, rule.region, rule.bus, rule.name) as { n: number }).n;
  }

  putTarget(rule: RuleRow, id: string, arn: string, spec: string, position: number): void {
    this.s.upsertTarget.run(rule.account_id, rule.region, rule.bus, rule.name, id, arn, spec, position);
  }

  removeTarget(rule: RuleRow, id: string): boolean {
    return this.s.deleteTarget.run(rule.account_id, rule.region, rule.bus, rule.name, id).changes > 0;
  }

  rulesByTarget(scope: Scope, bus: string, arn: string): string[] {
    return (this.s.rulesByTarget.all(scope.accountId, scope.region, bus, arn) as { rule: string }[]).map((r) => r.rule);
  }

  insertDelivery(d: NewDelivery): void {
    this.s.insertDelivery.run(d.ruleArn, d.target, d.event, d.traceHeader ?? null, d.firstAt, d.dueAt);
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

  archive(scope: Scope, name: string): ArchiveRow | undefined {
    return this.s.archive.get(scope.accountId, scope.region, name) as ArchiveRow | undefined;
  }

  archives(scope: Scope): ArchiveRow[] {
    return this.s.archives.all(scope.accountId, scope.region) as ArchiveRow[];
  }

  archivesOf(scope: Scope, busArn: string): ArchiveRow[] {
    return this.s.archivesOfSource.all(scope.accountId, scope.region, busArn) as ArchiveRow[];
  }

  createArchive(
    scope: Scope,
    a: { name: string; sourceArn: string; description?: string; eventPattern?: string; retentionDays: number },
    now: number,
  ): boolean {
    return (
      this.s.insertArchive.run(scope.accountId, scope.region, a.name, a.sourceArn, a.description ?? null, a.eventPattern ?? null, a.retentionDays, now)
        .changes > 0
    );
  }

  updateArchive(scope: Scope, name: string, description: string | null, eventPattern: string | null, retentionDays: number): void {
    this.s.updateArchive.run(description, eventPattern, retentionDays, scope.accountId, scope.region, name);
  }

  deleteArchive(scope: Scope, name: string): void {
    this.db.transaction(() => {
      this.s.deleteArchive.run(scope.accountId, scope.region, name);
      this.s.deleteArchived.run(scope.accountId, scope.region, name);
    })();
  }

  archiveEvent(scope: Scope, archive: string, eventTime: number, now: number, event: string): void {
    this.s.insertArchived.run(scope.accountId, scope.region, archive, eventTime, now, event);
  }

  archivedEvents(scope: Scope, archive: string, from: number, to: number): { event: string; event_time: number }[] {
    return this.s.archived.all(scope.accountId, scope.region, archive, from, to) as { event: string; event_time: number }[];
  }

  replay(scope: Scope, name: string): ReplayRow | undefined {
    return this.s.replay.get(scope.accountId, scope.region, name) as ReplayRow | undefined;
  }

  replays(scope: Scope): ReplayRow[] {
    return this.s.replays.all(scope.accountId, scope.region) as ReplayRow[];
  }

  createReplay(scope: Scope, name: string, spec: string, state: string, now: number): boolean {
    return this.s.insertReplay.run(scope.accountId, scope.region, name, spec, state, now).changes > 0;
  }

  setReplayState(scope: Scope, name: string, state: string, reason: string | null, endedAt: number | null, lastReplayed: number | null): void {
    this.s.setReplayState.run(state, reason, endedAt, lastReplayed, scope.accountId, scope.region, name);
  }

  /** Drops archived events older than their archive's retention (0 = kept for ever). */
  pruneArchives(now: number): number {
    return this.db
      .prepare(
        `DELETE FROM events_archived WHERE seq IN (SELECT e.seq FROM events_archived e JOIN events_archives a
           ON a.account_id = e.account_id AND a.region = e.region AND a.name = e.archive
           WHERE a.retention_days > 0 AND e.archived_at < ? - a.retention_days * 86400000)`,
      )
      .run(now).changes;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
