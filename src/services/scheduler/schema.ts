/**
 * EventBridge Scheduler tables. A schedule keeps the request as it was made (`spec`, JSON) and its
 * next fire time, so a restart resumes on time; a fire becomes a durable delivery row first.
 */
export const SCHEDULER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE scheduler_groups (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     tags TEXT NOT NULL DEFAULT '{}',
     created_at INTEGER NOT NULL,
     modified_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, name)
   );
   CREATE TABLE scheduler_schedules (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     group_name TEXT NOT NULL,
     name TEXT NOT NULL,
     spec TEXT NOT NULL,
     client_token TEXT,
     created_at INTEGER NOT NULL,
     modified_at INTEGER NOT NULL,
     next_fire_at INTEGER,
     PRIMARY KEY (account_id, region, group_name, name)
   );
   CREATE INDEX scheduler_schedules_by_fire ON scheduler_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;
   CREATE TABLE scheduler_deliveries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     schedule_arn TEXT NOT NULL,
     group_name TEXT NOT NULL,
     target TEXT NOT NULL,
     scheduled_at INTEGER NOT NULL,
     attempt INTEGER NOT NULL DEFAULT 1,
     first_at INTEGER NOT NULL,
     due_at INTEGER NOT NULL
   );
   CREATE INDEX scheduler_deliveries_by_due ON scheduler_deliveries (due_at, seq);`,
];
