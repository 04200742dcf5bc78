import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';

/** The SQS tables. Times are epoch milliseconds; a message is visible when `visible_at <= now`. */
const MIGRATIONS = [
  `CREATE TABLE sqs_queues (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     fifo INTEGER NOT NULL,
     attributes TEXT NOT NULL,
     tags TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     modified_at INTEGER NOT NULL,
     purged_at INTEGER,
     UNIQUE (account_id, region, name))`,
  `CREATE TABLE sqs_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     queue_id INTEGER NOT NULL,
     message_id TEXT NOT NULL,
     body TEXT NOT NULL,
     md5_body TEXT NOT NULL,
     message_attributes TEXT,
     md5_attributes TEXT,
     system_attributes TEXT,
     md5_system_attributes TEXT,
     sender_id TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     visible_at INTEGER NOT NULL,
     receive_count INTEGER NOT NULL DEFAULT 0,
     first_receive_at INTEGER,
     receipt_token TEXT,
     group_id TEXT,
     dedup_id TEXT,
     sequence_number TEXT,
     dlq_source_arn TEXT)`,
  `CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at)`,
  `CREATE INDEX sqs_messages_order ON sqs_messages (queue_id, id)`,
  `CREATE TABLE sqs_dedup (
     queue_id INTEGER NOT NULL,
     dedup_key TEXT NOT NULL,
     message_id TEXT NOT NULL,
     sequence_number TEXT,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (queue_id, dedup_key))`,
  `CREATE TABLE sqs_move_tasks (
     task_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     source_arn TEXT NOT NULL,
     destination_arn TEXT,
     max_per_second INTEGER,
     status TEXT NOT NULL,
     to_move INTEGER NOT NULL,
     moved INTEGER NOT NULL,
     failure_reason TEXT,
     started_at INTEGER NOT NULL)`,
];

export interface QueueRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  purged_at: number | null;
}

export interface MessageRow {
  id: number;
  queue_id: number;
  message_id: string;
  body: string;
  md5_body: string;
  message_attributes: string | null;
  md5_attributes: string | null;
  system_attributes: string | null;
  md5_system_attributes: string | null;
  sender_id: string;
  sent_at: number;
  expires_at: number;
  visible_at: number;
  receive_count: number;
  first_receive_at: number | null;
  receipt_token: string | null;
  group_id: string | null;
  dedup_id: string | null;
  sequence_number: string | null;
  dlq_source_arn: string | null;
}

export interface MoveTaskRow {
  task_id: string;
  account_id: string;
  region: string;
  source_arn: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: string;
  to_move: number;
  moved: number;
  failure_reason: string | null;
  started_at: number;
}

type Stmt = BetterSqlite3.Statement;

/** Prepared statements over the SQS tables, prepared once. */
export class SqsTables {
  readonly db: BetterSqlite3.Database;
  /**
   * Runs `work` in one transaction (a savepoint when one is open). Built once: better-sqlite3's
   * db.transaction() makes four wrapper functions per call, a real cost once per message.
   */
  readonly atomically: <T>(work: () => T) => T;
  readonly queueByName: Stmt;
  readonly queueById: Stmt;
  readonly queuesOf: Stmt;
  readonly allQueues: Stmt;
  readonly insertQueue: Stmt;
  readonly updateQueue: Stmt;
  readonly updateQueueTags: Stmt;
  readonly setPurgedAt: Stmt;
  readonly deleteQueue: Stmt;
  readonly deleteQueueMessages: Stmt;
  readonly deleteQueueDedup: Stmt;
  readonly insertMessage: Stmt;
  readonly carryReceives: Stmt;
  readonly visibleMessages: Stmt;
  readonly fifoCandidates: Stmt;
  readonly busyGroups: Stmt;
  readonly nextVisibleAt: Stmt;
  readonly markReceived: Stmt;
  readonly messageById: Stmt;
  readonly deleteMessage: Stmt;
  readonly deleteReceived: Stmt;
  readonly setVisibleAt: Stmt;
  readonly deleteExpired: Stmt;
  readonly purgeMessages: Stmt;
  readonly counts: Stmt;
  readonly dedupLookup: Stmt;
  readonly dedupInsert: Stmt;
  readonly dedupExpire: Stmt;
  readonly insertMoveTask: Stmt;
  readonly updateMoveTask: Stmt;
  readonly moveTasksOf: Stmt;
  readonly moveTaskById: Stmt;
  readonly activeMoveTasks: Stmt;

  constructor(store: Store) {
    store.migrate('sqs', MIGRATIONS);
    const db = (this.db = store.db);
    const inTransaction = db.transaction((work: () => unknown) => work());
    this.atomically = <T>(work: () => T) => inTransaction(work) as T;
    this.queueByName = db.prepare('SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? AND name = ?');
    this.queueById = db.prepare('SELECT * FROM sqs_queues WHERE id = ?');
    this.queuesOf = db.prepare('SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? ORDER BY name');
    this.allQueues = db.prepare('SELECT * FROM sqs_queues');
    this.insertQueue = db.prepare(
      `INSERT INTO sqs_queues (account_id, region, name, fifo, attributes, tags, created_at, modified_at)
       VALUES (@account_id, @region, @name, @fifo, @attributes, @tags, @created_at, @modified_at)`,
    );
    this.updateQueue = db.prepare('UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?');
    this.updateQueueTags = db.prepare('UPDATE sqs_queues SET tags = ? WHERE id = ?');
    this.setPurgedAt = db.prepare('UPDATE sqs_queues SET purged_at = ? WHERE id = ?');
    this.deleteQueue = db.prepare('DELETE FROM sqs_queues WHERE id = ?');
    this.deleteQueueMessages = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?');
    this.deleteQueueDedup = db.prepare('DELETE FROM sqs_dedup WHERE queue_id = ?');
    this.insertMessage = db.prepare(
      `INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, message_attributes, md5_attributes,
         system_attributes, md5_system_attributes, sender_id, sent_at, expires_at, visible_at, group_id, dedup_id,
         sequence_number, dlq_source_arn)
       VALUES (@queue_id, @message_id, @body, @md5_body, @message_attributes, @md5_attributes, @system_attributes,
         @md5_system_attributes, @sender_id, @sent_at, @expires_at, @visible_at, @group_id, @dedup_id,
         @sequence_number, @dlq_source_arn)`,
    );
    this.carryReceives = db.prepare('UPDATE sqs_messages SET receive_count = ?, first_receive_at = ? WHERE id = ?');
    this.visibleMessages = db.prepare('SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, id LIMIT ?');
    this.fifoCandidates = db.prepare('SELECT * FROM sqs_messages WHERE queue_id = ? ORDER BY id LIMIT ?');
    this.busyGroups = db.prepare('SELECT DISTINCT group_id FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0');
    this.nextVisibleAt = db.prepare('SELECT MIN(visible_at) AS at FROM sqs_messages WHERE queue_id = ? AND visible_at > ?');
    this.markReceived = db.prepare(
      `UPDATE sqs_messages SET visible_at = ?, receive_count = receive_count + 1,
         first_receive_at = COALESCE(first_receive_at, ?), receipt_token = ? WHERE id = ?`,
    );
    this.messageById = db.prepare('SELECT * FROM sqs_messages WHERE id = ? AND queue_id = ?');
    this.deleteMessage = db.prepare('DELETE FROM sqs_messages WHERE id = ?');
    this.deleteReceived = db.prepare('DELETE FROM sqs_messages WHERE id = ? AND queue_id = ? AND receipt_token = ?');
    this.setVisibleAt = db.prepare('UPDATE sqs_messages SET visible_at = ? WHERE id = ?');
    this.deleteExpired = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND expires_at <= ?');
    this.purgeMessages = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?');
    this.counts = db.prepare(
      `SELECT
         COALESCE(SUM(CASE WHEN visible_at <= @now THEN 1 ELSE 0 END), 0) AS visible,
         COALESCE(SUM(CASE WHEN visible_at > @now AND receive_count > 0 THEN 1 ELSE 0 END), 0) AS inflight,
         COALESCE(SUM(CASE WHEN visible_at > @now AND receive_count = 0 THEN 1 ELSE 0 END), 0) AS delayed
       FROM sqs_messages WHERE queue_id = @queue_id AND expires_at > @now`,
    );
    this.dedupLookup = db.prepare('SELECT * FROM sqs_dedup WHERE queue_id = ? AND dedup_key = ? AND expires_at > ?');
    this.dedupInsert = db.prepare('INSERT OR REPLACE INTO sqs_dedup (queue_id, dedup_key, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.dedupExpire = db.prepare('DELETE FROM sqs_dedup WHERE queue_id = ? AND expires_at <= ?');
    this.insertMoveTask = db.prepare(
      `INSERT INTO sqs_move_tasks (task_id, account_id, region, source_arn, destination_arn, max_per_second, status,
         to_move, moved, started_at)
       VALUES (@task_id, @account_id, @region, @source_arn, @destination_arn, @max_per_second, @status, @to_move, 0, @started_at)`,
    );
    this.updateMoveTask = db.prepare('UPDATE sqs_move_tasks SET status = ?, moved = ?, failure_reason = ? WHERE task_id = ?');
    this.moveTasksOf = db.prepare('SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at DESC, rowid DESC LIMIT ?');
    this.moveTaskById = db.prepare('SELECT * FROM sqs_move_tasks WHERE task_id = ?');
    this.activeMoveTasks = db.prepare("SELECT * FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING') ORDER BY started_at");
  }
}
