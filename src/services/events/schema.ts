/**
 * EventBridge tables. Targets keep the Target structure as PutTargets received it (JSON), so
 * ListTargetsByRule echoes it; deliveries are the durable queue between an accepted event and its
 * targets (a PutEvents is answered only once its deliveries are committed).
 */
export const EVENTS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE events_buses (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     description TEXT,
     policy TEXT,
     tags TEXT NOT NULL DEFAULT '{}',
     created_at INTEGER NOT NULL,
     modified_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, name)
   );
   CREATE TABLE events_rules (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     bus TEXT NOT NULL,
     name TEXT NOT NULL,
     event_pattern TEXT,
     schedule TEXT,
     state TEXT NOT NULL,
     description TEXT,
     role_arn TEXT,
     managed_by TEXT,
     tags TEXT NOT NULL DEFAULT '{}',
     created_at INTEGER NOT NULL,
     anchor_at INTEGER NOT NULL,
     next_fire_at INTEGER,
     PRIMARY KEY (account_id, region, bus, name)
   );
   CREATE INDEX events_rules_by_fire ON events_rules (next_fire_at) WHERE next_fire_at IS NOT NULL;
   CREATE TABLE events_targets (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     bus TEXT NOT NULL,
     rule TEXT NOT NULL,
     id TEXT NOT NULL,
     arn TEXT NOT NULL,
     spec TEXT NOT NULL,
     position INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, bus, rule, id)
   );
   CREATE INDEX events_targets_by_arn ON events_targets (account_id, region, arn);
   CREATE TABLE events_deliveries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     rule_arn TEXT NOT NULL,
     target TEXT NOT NULL,
     event TEXT NOT NULL,
     trace_header TEXT,
     attempt INTEGER NOT NULL DEFAULT 1,
     first_at INTEGER NOT NULL,
     due_at INTEGER NOT NULL
   );
   CREATE INDEX events_deliveries_by_due ON events_deliveries (due_at, seq);
   CREATE TABLE events_archives (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     source_arn TEXT NOT NULL,
     description TEXT,
     event_pattern TEXT,
     retention_days INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, name)
   );
   CREATE TABLE events_archived (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     archive TEXT NOT NULL,
     event_time INTEGER NOT NULL,
     archived_at INTEGER NOT NULL,
     event TEXT NOT NULL
   );
   CREATE INDEX events_archived_by_time ON events_archived (account_id, region, archive, event_time);
   CREATE TABLE events_replays (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     spec TEXT NOT NULL,
     state TEXT NOT NULL,
     state_reason TEXT,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     last_replayed INTEGER,
     PRIMARY KEY (account_id, region, name)
   );`,
];
