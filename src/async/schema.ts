import type { Store } from '../store/database.js';

/** The tables of asynchronous invocation: the durable queue and its per-function settings. */
const MIGRATIONS = [
  `CREATE TABLE lambda_async_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     request_id TEXT NOT NULL,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     function_arn TEXT NOT NULL,
     payload BLOB NOT NULL,
     trace_header TEXT,
     source TEXT,
     enqueued_at INTEGER NOT NULL,
     due_at INTEGER NOT NULL,
     function_errors INTEGER NOT NULL DEFAULT 0,
     invoke_count INTEGER NOT NULL DEFAULT 0,
     requeues INTEGER NOT NULL DEFAULT 0,
     last_response TEXT
   );
   CREATE INDEX lambda_async_events_due ON lambda_async_events (due_at);
   CREATE TABLE lambda_event_invoke_configs (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     function_arn TEXT NOT NULL,
     qualifier TEXT NOT NULL,
     maximum_retry_attempts INTEGER,
     maximum_event_age_seconds INTEGER,
     on_success TEXT,
     on_failure TEXT,
     last_modified REAL NOT NULL,
     PRIMARY KEY (function_arn, qualifier)
   );
   CREATE TABLE IF NOT EXISTS lambda_recursion_configs (
     function_arn TEXT PRIMARY KEY,
     recursive_loop TEXT NOT NULL
   );`,
  `ALTER TABLE lambda_async_events ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
   DROP INDEX lambda_async_events_due;
   CREATE INDEX lambda_async_events_due ON lambda_async_events (in_flight, due_at, seq);`,
  // The ids of what caused the event (an S3 request, an SNS message), for its observations.
  `ALTER TABLE lambda_async_events ADD COLUMN cause_ids TEXT;`,
];

export function migrateAsyncTables(store: Store): void {
  store.migrate('lambda-async', MIGRATIONS);
}
