import type { Store } from '../../store/database.js';
import { SNS_MIGRATIONS } from './schema.js';

export interface TopicRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  data_protection_policy: string | null;
  sequence: number;
  subscriptions_deleted: number;
  created_at: number;
}

export interface SubscriptionRow {
  arn: string;
  topic_arn: string;
  account_id: string;
  region: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attributes: string;
  confirmed: number;
  token: string | null;
  created_at: number;
}

export interface DeliveryRow {
  id: number;
  subscription_arn: string;
  kind: 'notification' | 'confirmation';
  message: string;
  group_key: string | null;
  attempt: number;
  due_at: number;
  created_at: number;
}

export interface RecordedRow {
  id: number;
  account_id: string;
  region: string;
  protocol: string;
  endpoint: string;
  topic_arn: string | null;
  subscription_arn: string | null;
  message_id: string;
  type: string;
  subject: string | null;
  message: string;
  body: string;
  created_at: number;
}

/** The SNS tables behind typed statements; every multi-row change is one transaction. */
export class SnsTables {
  readonly db: Store['db'];
  private readonly topicByArn;
  private readonly subscriptionByArn;
  private readonly subscriptionsOfTopic;

  constructor(store: Store) {
    store.migrate('sns', SNS_MIGRATIONS);
    this.db = store.db;
    this.topicByArn = this.db.prepare('SELECT * FROM sns_topics WHERE arn = ?');
    this.subscriptionByArn = this.db.prepare('SELECT * FROM sns_subscriptions WHERE arn = ?');
    this.subscriptionsOfTopic = this.db.prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? ORDER BY created_at, arn');
  }

  topic(arn: string): TopicRow | undefined {
    return this.topicByArn.get(arn) as TopicRow | undefined;
  }

  topics(accountId: string, region: string, afterArn: string, limit: number): TopicRow[] {
    return this.db
      .prepare('SELECT * FROM sns_topics WHERE account_id = ? AND region = ? AND arn > ? ORDER BY arn LIMIT ?')
      .all(accountId, region, afterArn, limit) as TopicRow[];
  }

  insertTopic(row: TopicRow): void {
    this.db
      .prepare(
        `INSERT INTO sns_topics (arn, account_id, region, name, fifo, attributes, tags, data_protection_policy, sequence, subscriptions_deleted, created_at)
         VALUES (@arn, @account_id, @region, @name, @fifo, @attributes, @tags, @data_protection_policy, @sequence, @subscriptions_deleted, @created_at)`,
      )
      .run(row);
  }

  setTopicField(arn: string, field: 'attributes' | 'tags' | 'data_protection_policy', value: string | null): void {
    this.db.prepare(`UPDATE sns_topics SET ${field} = ? WHERE arn = ?`).run(value, arn);
  }

  deleteTopic(arn: string): void {
    this.db.transaction(() => {
      const subs = this.subscriptionsOfTopic.all(arn) as SubscriptionRow[];
      for (const sub of subs) this.db.prepare('DELETE FROM sns_deliveries WHERE subscription_arn = ?').run(sub.arn);
      this.db.prepare('DELETE FROM sns_subscriptions WHERE topic_arn = ?').run(arn);
      this.db.prepare('DELETE FROM sns_dedup WHERE topic_arn = ?').run(arn);
      this.db.prepare('DELETE FROM sns_topics WHERE arn = ?').run(arn);
    })();
  }

  subscription(arn: string): SubscriptionRow | undefined {
    return this.subscriptionByArn.get(arn) as SubscriptionRow | undefined;
  }

  subscriptionsOf(topicArn: string): SubscriptionRow[] {
    return this.subscriptionsOfTopic.all(topicArn) as SubscriptionRow[];
  }

  subscriptionsIn(accountId: string, region: string): SubscriptionRow[] {
    return this.db
      .prepare('SELECT * FROM sns_subscriptions WHERE account_id = ? AND region = ? ORDER BY created_at, arn')
      .all(accountId, region) as SubscriptionRow[];
  }

  insertSubscription(row: SubscriptionRow): void {
    this.db
      .prepare(
        `INSERT INTO sns_subscriptions (arn, topic_arn, account_id, region, protocol, endpoint, owner, attributes, confirmed, token, created_at)
         VALUES (@arn, @topic_arn, @account_id, @region, @protocol, @endpoint, @owner, @attributes, @confirmed, @token, @created_at)`,
      )
      .run(row);
  }

  setSubscriptionAttributes(arn: string, attributes: string): void {
    this.db.prepare('UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?').run(attributes, arn);
  }

  confirm(arn: string): void {
    this.db.prepare('UPDATE sns_subscriptions SET confirmed = 1 WHERE arn = ?').run(arn);
  }

  deleteSubscription(arn: string): void {
    this.db.transaction(() => {
      const sub = this.subscription(arn);
      if (!sub) return;
      this.db.prepare('DELETE FROM sns_deliveries WHERE subscription_arn = ?').run(arn);
      this.db.prepare('DELETE FROM sns_subscriptions WHERE arn = ?').run(arn);
      this.db.prepare('UPDATE sns_topics SET subscriptions_deleted = subscriptions_deleted + 1 WHERE arn = ?').run(sub.topic_arn);
    })();
  }

  /** The next FIFO sequence number of a topic (AWS's are 20 digits and only grow). */
  nextSequence(topicArn: string): string {
    this.db.prepare('UPDATE sns_topics SET sequence = sequence + 1 WHERE arn = ?').run(topicArn);
    const { sequence } = this.db.prepare('SELECT sequence FROM sns_topics WHERE arn = ?').get(topicArn) as { sequence: number };
    return (10_000_000_000_000_000_000n + BigInt(sequence) * 1000n).toString();
  }

  dedup(topicArn: string, dedupId: string, now: number): { message_id: string; sequence_number: string } | undefined {
    return this.db
      .prepare('SELECT message_id, sequence_number FROM sns_dedup WHERE topic_arn = ? AND dedup_id = ? AND expires_at > ?')
      .get(topicArn, dedupId, now) as { message_id: string; sequence_number: string } | undefined;
  }

  remember(topicArn: string, dedupId: string, messageId: string, sequenceNumber: string, expiresAt: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO sns_dedup (topic_arn, dedup_id, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(topicArn, dedupId, messageId, sequenceNumber, expiresAt);
  }

  forgetExpired(now: number): void {
    this.db.prepare('DELETE FROM sns_dedup WHERE expires_at <= ?').run(now);
  }

  insertDelivery(row: Omit<DeliveryRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO sns_deliveries (subscription_arn, kind, message, group_key, attempt, due_at, created_at)
           VALUES (@subscription_arn, @kind, @message, @group_key, @attempt, @due_at, @created_at)`,
        )
        .run(row).lastInsertRowid,
    );
  }

  delivery(id: number): DeliveryRow | undefined {
    return this.db.prepare('SELECT * FROM sns_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
  }

  pendingDeliveries(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM sns_deliveries').get() as { n: number }).n;
  }

  reschedule(id: number, attempt: number, dueAt: number): void {
    this.db.prepare('UPDATE sns_deliveries SET attempt = ?, due_at = ? WHERE id = ?').run(attempt, dueAt, id);
  }

  finish(id: number): void {
    this.db.prepare('DELETE FROM sns_deliveries WHERE id = ?').run(id);
  }

  record(row: Omit<RecordedRow, 'id'>): void {
    this.db
      .prepare(
        `INSERT INTO sns_recorded (account_id, region, protocol, endpoint, topic_arn, subscription_arn, message_id, type, subject, message, body, created_at)
         VALUES (@account_id, @region, @protocol, @endpoint, @topic_arn, @subscription_arn, @message_id, @type, @subject, @message, @body, @created_at)`,
      )
      .run(row);
  }

  recorded(filter: { protocol?: string; endpoint?: string }): RecordedRow[] {
    return this.db
      .prepare('SELECT * FROM sns_recorded WHERE (@protocol IS NULL OR protocol = @protocol) AND (@endpoint IS NULL OR endpoint = @endpoint) ORDER BY id')
      .all({ protocol: filter.protocol ?? null, endpoint: filter.endpoint ?? null }) as RecordedRow[];
  }
}
