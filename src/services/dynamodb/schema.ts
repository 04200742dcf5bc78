/**
 * DynamoDB's tables in the store. `dynamodb_tables` holds each table's definition as JSON (what
 * DescribeTable shows, less the live counts); `dynamodb_items` one row per item, keyed by the
 * table's id and the item's key in a form SQLite orders as DynamoDB orders range keys;
 * `dynamodb_tokens` the TransactWriteItems idempotency tokens (10 minutes).
 */
export const DYNAMODB_MIGRATIONS: readonly string[] = [
  `CREATE TABLE dynamodb_tables (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     table_id TEXT NOT NULL UNIQUE,
     definition TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name)
   );
   CREATE TABLE dynamodb_items (
     table_id TEXT NOT NULL,
     pk TEXT NOT NULL,
     sk TEXT NOT NULL,
     item TEXT NOT NULL,
     size INTEGER NOT NULL,
     expires_at INTEGER,
     PRIMARY KEY (table_id, pk, sk)
   ) WITHOUT ROWID;
   CREATE INDEX dynamodb_items_expiry ON dynamodb_items (table_id, expires_at) WHERE expires_at IS NOT NULL;
   CREATE TABLE dynamodb_tokens (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     token TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, token)
   );`,
];
