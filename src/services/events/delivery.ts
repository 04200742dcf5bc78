/**
 * The durable queue between a matched event and its targets: a row per (event, target), delivered
 * through the targets seam, retried with back-off under the target's RetryPolicy (AWS's defaults:
 * 185 attempts, 24 hours), then sent to the target's dead-letter queue with AWS's attributes.
 */
import { scheduleRetry } from '../../schedules/retry-policy.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { Observations } from '../../observations/bus.js';
import { isAwsError } from '../../protocols/aws-error.js';
import { DueTimer } from '../../schedules/index.js';
import { type TargetAttribute, type TargetMessage, Targets, targetServiceOf } from '../../targets/index.js';
import type { Ports } from '../../contracts.js';
import type { EventEnvelope } from './envelope.js';
import { parseRuleArn } from './envelope.js';
import { renderInput, type TargetSpec } from './input.js';
import type { DeliveryRow, EventsStore } from './store.js';

const MAX_IN_FLIGHT = 64;

export interface DeliveryDeps {
  store: EventsStore;
  clock: Clock;
  logger: Logger;
  observations: Observations;
  ports: Ports;
  /** Multiplies back-off delays (tests: 0.001); event ages are never scaled. */
  retryDelayScale: number;
}

export class TargetDeliveries {
  private readonly inFlight = new Set<number>();
  private readonly timer: DueTimer;
  private readonly targets: Targets;
  private running = false;

  constructor(private readonly deps: DeliveryDeps) {
    this.targets = new Targets(deps);
    this.timer = new DueTimer(deps.clock, () => this.pass());
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.timer.stop();
  }

  /** Looks at the queue on the next turn (after the caller's answer is on its way). */
  wake(): void {
    if (this.running) this.timer.arm(this.deps.clock.now());
  }

  get depth(): number {
    return (this.deps.store.db.prepare('SELECT COUNT(*) AS n FROM events_deliveries').get() as { n: number }).n;
  }

  private pass(): void {
    if (!this.running) return;
    const now = this.deps.clock.now();
    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free > 0) {
      for (const row of this.deps.store.dueDeliveries(now, free + this.inFlight.size)) {
        if (this.inFlight.has(row.seq) || this.inFlight.size >= MAX_IN_FLIGHT) continue;
        this.inFlight.add(row.seq);
        void this.deliver(row).finally(() => {
          this.inFlight.delete(row.seq);
          this.wake();
        });
      }
    }
    const next = this.deps.store.nextDeliveryAt();
    if (next !== undefined && next > now) this.timer.arm(next);
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    const target = JSON.parse(row.target) as TargetSpec;
    const event = JSON.parse(row.event) as EventEnvelope;
    const rule = parseRuleArn(row.rule_arn);
    const ids = { messageIds: [event.id], sourceArn: row.rule_arn, attempt: row.attempt };
    try {
      await this.targets.send(target.Arn, this.messageFor(target, event, row));
      this.emitDelivered(ids, row.rule_arn, target.Arn);
      this.deps.store.deleteDelivery(row.seq);
    } catch (err) {
      if (!this.running) return;
      const message = err instanceof Error ? err.message : String(err);
      this.emitDelivered(ids, row.rule_arn, target.Arn, message);
      const exhausted = scheduleRetry(this.deps, this.timer, row, target.RetryPolicy, ids, message);
      if (exhausted === undefined) return;
      this.deps.store.deleteDelivery(row.seq);
      const code = isAwsError(err) ? err.code : 'SDK_CLIENT_ERROR';
      await this.deadLetter(target, event, row, { code, message, exhausted });
      if (!target.DeadLetterConfig?.Arn)
        this.deps.logger.warn(
          `EventBridge: event ${event.id} for ${target.Arn} (rule ${rule?.name ?? row.rule_arn}) dropped after ${row.attempt} attempt(s): ${message}`,
        );
    }
  }

  private messageFor(target: TargetSpec, event: EventEnvelope, row: DeliveryRow): TargetMessage {
    const traceHeader = row.trace_header ?? undefined;
    const causeIds = { messageIds: [event.id], sourceArn: row.rule_arn };
    if (targetServiceOf(target.Arn) === 'events') {
      // Another bus gets the event itself, as a new entry on that bus.
      return { body: JSON.stringify(event.detail), event: { source: event.source, detailType: event['detail-type'], resources: event.resources }, traceHeader };
    }
    const rule = parseRuleArn(row.rule_arn);
    const body = renderInput(target, event, { ruleArn: row.rule_arn, ruleName: rule?.name ?? '', ingestionTimeMs: row.first_at });
    const fifo = target.Arn.endsWith('.fifo');
    return {
      body,
      traceHeader,
      sender: 'aws:events',
      causeIds,
      ...(fifo ? { groupId: target.SqsParameters?.MessageGroupId, deduplicationId: event.id } : {}),
    };
  }

  private async deadLetter(
    target: TargetSpec,
    event: EventEnvelope,
    row: DeliveryRow,
    failure: { code: string; message: string; exhausted: string },
  ): Promise<void> {
    const dlq = target.DeadLetterConfig?.Arn;
    if (!dlq) return;
    const attributes: Record<string, TargetAttribute> = {
      RULE_ARN: { dataType: 'String', value: row.rule_arn },
      TARGET_ARN: { dataType: 'String', value: target.Arn },
      ERROR_CODE: { dataType: 'String', value: failure.code },
      ERROR_MESSAGE: { dataType: 'String', value: failure.message.slice(0, 1024) },
      EXHAUSTED_RETRY_CONDITION: { dataType: 'String', value: failure.exhausted },
      RETRY_ATTEMPTS: { dataType: 'Number', value: String(row.attempt - 1) },
    };
    const ids = { messageIds: [event.id], sourceArn: row.rule_arn, attempt: row.attempt };
    let error: string | undefined;
    try {
      await this.targets.send(dlq, { body: JSON.stringify(event), attributes, sender: 'aws:events' });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.deps.logger.error(`EventBridge: dead-letter delivery of event ${event.id} to ${dlq} failed: ${error}`);
    }
    if (this.deps.observations.wants('dlq.moved'))
      this.deps.observations.emit({
        type: 'dlq.moved',
        ids,
        targetArn: dlq,
        reason: failure.exhausted,
        delivered: error === undefined,
        ...(error ? { error } : {}),
      });
  }

  private emitDelivered(ids: { messageIds: string[]; sourceArn: string; attempt: number }, ruleArn: string, targetArn: string, error?: string): void {
    if (!this.deps.observations.wants('target.delivered')) return;
    this.deps.observations.emit({ type: 'target.delivered', ids, ruleArn, targetArn, delivered: error === undefined, ...(error ? { error } : {}) });
  }
}
