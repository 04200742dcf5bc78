/** The tables of DynamoDB Streams: streams, their shards and their records (sequence numbers are the records' row ids). */
export const STREAMS_MIGRATIONS = [
  `CREATE TABLE dynamodb_streams_streams (
    stream_arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    table_name TEXT NOT NULL,
    table_arn TEXT NOT NULL,
    key_schema TEXT NOT NULL,
    view_type TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    disabled_at INTEGER
  );
  CREATE INDEX dynamodb_streams_streams_scope ON dynamodb_streams_streams (account_id, region, created_at);
  CREATE TABLE dynamodb_streams_shards (
    ord INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_arn TEXT NOT NULL,
    shard_id TEXT NOT NULL,
    parent_shard_id TEXT,
    created_at INTEGER NOT NULL,
    start_seq INTEGER NOT NULL,
    end_seq INTEGER,
    records INTEGER NOT NULL DEFAULT 0,
    trimmed_through INTEGER NOT NULL DEFAULT 0,
    UNIQUE (stream_arn, shard_id)
  );
  CREATE TABLE dynamodb_streams_records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_arn TEXT NOT NULL,
    shard_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    partition_key TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX dynamodb_streams_records_shard ON dynamodb_streams_records (stream_arn, shard_id, seq);
  CREATE INDEX dynamodb_streams_records_age ON dynamodb_streams_records (created_at);`,
];
