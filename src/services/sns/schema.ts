/**
 * SNS tables. A Publish writes one delivery row per subscription the message goes to, in the same
 * transaction that makes the message id, so an accepted message is delivered at least once even
 * across a kill -9: the delivery loop resumes every row left on start.
 */
export const SNS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE sns_topics (
     arn TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     fifo INTEGER NOT NULL,
     attributes TEXT NOT NULL DEFAULT '{}',
     tags TEXT NOT NULL DEFAULT '{}',
     data_protection_policy TEXT,
     sequence INTEGER NOT NULL DEFAULT 0,
     subscriptions_deleted INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX sns_topics_by_scope ON sns_topics (account_id, region, name);
   CREATE TABLE sns_subscriptions (
     arn TEXT PRIMARY KEY,
     topic_arn TEXT NOT NULL,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     protocol TEXT NOT NULL,
     endpoint TEXT NOT NULL,
     owner TEXT NOT NULL,
     attributes TEXT NOT NULL DEFAULT '{}',
     confirmed INTEGER NOT NULL,
     token TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_arn, created_at);
   CREATE INDEX sns_subscriptions_by_scope ON sns_subscriptions (account_id, region, created_at);
   CREATE TABLE sns_deliveries (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     subscription_arn TEXT NOT NULL,
     kind TEXT NOT NULL,
     message TEXT NOT NULL,
     group_key TEXT,
     attempt INTEGER NOT NULL DEFAULT 0,
     due_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX sns_deliveries_by_due ON sns_deliveries (due_at, id);
   CREATE INDEX sns_deliveries_by_group ON sns_deliveries (group_key, id);
   CREATE INDEX sns_deliveries_by_subscription ON sns_deliveries (subscription_arn);
   CREATE TABLE sns_dedup (
     topic_arn TEXT NOT NULL,
     dedup_id TEXT NOT NULL,
     message_id TEXT NOT NULL,
     sequence_number TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (topic_arn, dedup_id)
   );
   CREATE TABLE sns_recorded (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     protocol TEXT NOT NULL,
     endpoint TEXT NOT NULL,
     topic_arn TEXT,
     subscription_arn TEXT,
     message_id TEXT NOT NULL,
     type TEXT NOT NULL,
     subject TEXT,
     message TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
];
