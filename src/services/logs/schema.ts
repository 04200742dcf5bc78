/**
 * CloudWatch Logs tables. Events carry their group as well as their stream so a group-wide
 * FilterLogEvents reads one index; they are bounded by `MAX_STORED_EVENTS`, `MAX_STORED_BYTES` and
 * each group's retention, oldest first.
 */
export const LOGS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE logs_groups (
     id INTEGER PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     retention_days INTEGER,
     tags TEXT NOT NULL DEFAULT '{}',
     UNIQUE (account_id, region, name)
   );
   CREATE TABLE logs_streams (
     id INTEGER PRIMARY KEY,
     group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     first_event_at INTEGER,
     last_event_at INTEGER,
     last_ingestion_at INTEGER,
     stored_bytes INTEGER NOT NULL DEFAULT 0,
     UNIQUE (group_id, name)
   );
   CREATE INDEX logs_streams_by_last_event ON logs_streams (group_id, last_event_at);
   CREATE TABLE logs_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     group_id INTEGER NOT NULL,
     stream_id INTEGER NOT NULL,
     timestamp INTEGER NOT NULL,
     ingestion_time INTEGER NOT NULL,
     message TEXT NOT NULL
   );
   CREATE INDEX logs_events_by_stream ON logs_events (stream_id, timestamp, id);
   CREATE INDEX logs_events_by_group ON logs_events (group_id, timestamp, id);`,
];

/** Beyond this many events the oldest are dropped, whatever their group's retention. */
export const MAX_STORED_EVENTS = 200_000;

/** Beyond this many bytes of messages (plus CloudWatch's 26 bytes per event) the oldest are dropped. */
export const MAX_STORED_BYTES = 256 * 1024 * 1024;
