import type { Timer } from '../../../clock.js';
import type { SnsEnv } from '../context.js';
import type { PublishedMessage } from '../envelope.js';
import type { DeliveryRow, SubscriptionRow } from '../store.js';
import { subscriptionAttributes } from '../subscription-attributes.js';
import { deliverToQueue, renderForQueue } from './endpoints.js';
import { attemptDelivery } from './endpoints.js';
import type { AttemptOutcome } from './outcome.js';
import { retryDelaySeconds, retryPolicyFor } from './policy.js';

const BATCH = 256;

/**
 * Works off the delivery rows: each is attempted as soon as it is written, retried by its
 * subscription's policy, moved to the subscription's dead-letter queue (or dropped) when it cannot
 * be delivered, and deleted only then. Rows of one FIFO message group go one at a time, in order.
 * On start every row left by a previous run is resumed.
 */
export class Dispatcher {
  private readonly running = new Set<number>();
  private readonly busyGroups = new Set<string>();
  private timer: Timer | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private pumping = false;
  private pumpAgain = false;
  /** The last pump left due rows behind (more than one batch was due). */
  private backlog = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly env: SnsEnv) {}

  start(): void {
    this.stopped = false;
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Rows just written by a Publish or Subscribe: attempted now, without a query. */
  enqueue(rows: readonly DeliveryRow[]): void {
    for (const row of rows) this.begin(row);
  }

  /** How many rows are being attempted now. */
  inFlight(): number {
    return this.running.size;
  }

  private begin(row: DeliveryRow): void {
    if (this.stopped || this.running.has(row.id)) return;
    if (row.group_key !== null) {
      if (this.busyGroups.has(row.group_key)) return;
      this.busyGroups.add(row.group_key);
    }
    this.running.add(row.id);
    void this.attempt(row).finally(() => {
      this.running.delete(row.id);
      if (row.group_key !== null) {
        this.busyGroups.delete(row.group_key);
        // The next message of the group may be waiting behind this one.
        this.pump();
      } else if (this.backlog && this.running.size < BATCH / 2) {
        this.pump();
      }
      if (this.running.size === 0) for (const resolve of this.idle) resolve();
    });
  }

  /** Starts every due row that is not running; arms the timer for the next one. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const now = this.env.deps.clock.now();
        const rows = this.env.tables.db
          .prepare('SELECT * FROM sns_deliveries WHERE due_at <= ? ORDER BY id LIMIT ?')
          .all(now, BATCH + this.running.size) as DeliveryRow[];
        this.backlog = rows.length >= BATCH + this.running.size;
        const seenGroups = new Set<string>();
        for (const row of rows) {
          if (row.group_key !== null) {
            // Only the oldest row of a group may go, and only when it is due.
            if (seenGroups.has(row.group_key)) continue;
            seenGroups.add(row.group_key);
            const first = this.env.tables.db.prepare('SELECT MIN(id) AS id FROM sns_deliveries WHERE group_key = ?').get(row.group_key) as { id: number };
            if (first.id !== row.id) continue;
          }
          this.begin(row);
        }
        this.arm();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private arm(): void {
    const next = this.env.tables.db.prepare('SELECT MIN(due_at) AS at FROM sns_deliveries WHERE due_at > ?').get(this.env.deps.clock.now()) as {
      at: number | null;
    };
    if (next.at === null || next.at >= this.timerAt) return;
    this.timer?.cancel();
    this.timerAt = next.at;
    this.timer = this.env.deps.clock.schedule(next.at - this.env.deps.clock.now(), () => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.pump();
    });
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const { tables, deps } = this.env;
    const sub = tables.subscription(row.subscription_arn);
    if (!sub) {
      tables.finish(row.id);
      return;
    }
    let outcome: AttemptOutcome;
    try {
      outcome = await attemptDelivery(this.env, sub, row);
    } catch (err) {
      outcome = { kind: 'server-error', error: err instanceof Error ? err.message : String(err) };
    }
    if (this.stopped) return;
    const attempt = row.attempt + 1;
    let retryInMs: number | undefined;
    if (outcome.kind === 'server-error') {
      const topic = tables.topic(sub.topic_arn);
      const policy = retryPolicyFor(
        sub.protocol,
        topic ? (JSON.parse(topic.attributes) as Record<string, string>).DeliveryPolicy : undefined,
        subscriptionAttributes(sub).DeliveryPolicy,
      );
      const delay = retryDelaySeconds(policy, attempt);
      if (delay !== undefined) retryInMs = Math.round(delay * 1000 * deps.config.asyncRetryDelayScale);
    }
    this.observe(row, sub, attempt, outcome, retryInMs);
    if (retryInMs !== undefined) {
      tables.reschedule(row.id, attempt, deps.clock.now() + retryInMs);
      if (row.group_key === null && retryInMs === 0) this.pump();
      else this.arm();
      return;
    }
    if (outcome.kind !== 'delivered' && row.kind === 'notification') await this.deadLetter(sub, row, outcome.error);
    tables.finish(row.id);
  }

  private observe(row: DeliveryRow, sub: SubscriptionRow, attempt: number, outcome: AttemptOutcome, retryInMs: number | undefined): void {
    const { observations, logger } = this.env.deps;
    if (outcome.kind !== 'delivered' && retryInMs === undefined) {
      logger.warn(`sns delivery to ${sub.protocol} ${sub.endpoint} failed (${sub.arn}): ${outcome.error}`);
    }
    if (!observations.wants('sns.delivery')) return;
    const message = JSON.parse(row.message) as { messageId: string; topicArn: string; requestId?: string };
    observations.emit({
      type: 'sns.delivery',
      ids: { messageIds: [message.messageId], sourceArn: message.topicArn, attempt, ...(message.requestId ? { requestId: message.requestId } : {}) },
      subscriptionArn: sub.arn,
      protocol: sub.protocol,
      endpoint: sub.endpoint,
      delivered: outcome.kind === 'delivered',
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.kind === 'delivered' ? {} : { error: outcome.error }),
      ...(retryInMs === undefined ? {} : { retryInMs }),
    });
  }

  /** A message SNS gave up on goes to the subscription's redrive queue, as it would have reached a queue subscriber. */
  private async deadLetter(sub: SubscriptionRow, row: DeliveryRow, reason: string): Promise<void> {
    const redrive = subscriptionAttributes(sub).RedrivePolicy;
    if (!redrive) return;
    const queueArn = (JSON.parse(redrive) as { deadLetterTargetArn: string }).deadLetterTargetArn;
    const message = JSON.parse(row.message) as PublishedMessage;
    const raw = subscriptionAttributes(sub).RawMessageDelivery === 'true';
    const outcome = await deliverToQueue(this.env, queueArn, renderForQueue(this.env, sub, message, raw), message);
    const delivered = outcome.kind === 'delivered';
    if (!delivered) this.env.deps.logger.error(`SNS DEAD-LETTER FAILED: message ${message.messageId} of ${sub.arn} to ${queueArn}: ${outcome.error}`);
    const { observations } = this.env.deps;
    if (!observations.wants('dlq.moved')) return;
    observations.emit({
      type: 'dlq.moved',
      ids: {
        messageIds: [message.messageId],
        sourceArn: message.topicArn,
        attempt: row.attempt + 1,
        ...(message.requestId ? { requestId: message.requestId } : {}),
      },
      targetArn: queueArn,
      reason,
      delivered,
      ...(delivered ? {} : { error: outcome.error }),
    });
  }

  /** Resolves when nothing is being attempted (benchmarks and shutdown). */
  settled(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.idle.delete(done);
        resolve();
      };
      this.idle.add(done);
    });
  }
}
