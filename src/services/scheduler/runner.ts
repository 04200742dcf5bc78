/**
 * Fires due schedules and delivers their targets: a fire is a durable delivery row (with the next
 * fire time, in one transaction), delivered through the targets seam with the target's
 * RetryPolicy (defaults 185 attempts, 24 hours), then its dead-letter queue.
 */
import { scheduleRetry } from '../../schedules/retry-policy.js';
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Ports } from '../../contracts.js';
import type { Logger } from '../../log.js';
import type { Observations } from '../../observations/bus.js';
import { isAwsError } from '../../protocols/aws-error.js';
import { DueTimer } from '../../schedules/index.js';
import { type TargetAttribute, type TargetMessage, Targets, targetServiceOf } from '../../targets/index.js';
import { scheduleArn, type ScheduleSpec, type ScheduleTarget } from './spec.js';
import type { DeliveryRow, ScheduleRow, SchedulerStore } from './store.js';
import { deliveryTimeOf, nextFireOf, stillInWindow } from './timing.js';

const MAX_IN_FLIGHT = 32;

export class ScheduleRunner {
  private readonly fireTimer: DueTimer;
  private readonly deliveryTimer: DueTimer;
  private readonly inFlight = new Set<number>();
  private readonly targets: Targets;
  private running = false;

  constructor(
    private readonly deps: { store: SchedulerStore; clock: Clock; logger: Logger; observations: Observations; ports: Ports; retryDelayScale: number },
  ) {
    this.targets = new Targets(deps);
    this.fireTimer = new DueTimer(deps.clock, () => this.fireDue());
    this.deliveryTimer = new DueTimer(deps.clock, () => this.deliverDue());
  }

  start(): void {
    this.running = true;
    this.changed();
    this.deliveryTimer.arm(this.deps.store.nextDeliveryAt());
  }

  stop(): void {
    this.running = false;
    this.fireTimer.stop();
    this.deliveryTimer.stop();
  }

  /** A schedule's next fire time changed. */
  changed(): void {
    if (this.running) this.fireTimer.arm(this.deps.store.nextFireAt());
  }

  private fireDue(): void {
    const now = this.deps.clock.now();
    for (const row of this.deps.store.dueSchedules(now)) this.fire(row, now);
    this.changed();
  }

  private fire(row: ScheduleRow, now: number): void {
    const spec = JSON.parse(row.spec) as ScheduleSpec;
    const due = row.next_fire_at!;
    const scope = { accountId: row.account_id, region: row.region };
    const arn = scheduleArn(scope, row.group_name, row.name);
    const next = nextFireOf(spec, Math.max(due, now), row.created_at);
    const fires = stillInWindow(spec, due, now);
    const deliverAt = deliveryTimeOf(spec, arn, due, now);
    this.deps.store.transaction(() => {
      if (fires)
        this.deps.store.insertDelivery({
          scheduleArn: arn,
          group: row.group_name,
          target: JSON.stringify(spec.Target),
          scheduledAt: due,
          now,
          dueAt: deliverAt,
        });
      if (next === null && spec.ActionAfterCompletion === 'DELETE') this.deps.store.deleteSchedule(row);
      else this.deps.store.setNextFire(row, next);
    });
    if (!fires) {
      this.deps.logger.info(
        `Scheduler: ${arn} missed its ${new Date(due).toISOString()} fire (outside its window); next ${next === null ? 'never' : new Date(next).toISOString()}`,
      );
      return;
    }
    if (this.deps.observations.wants('schedule.fired'))
      this.deps.observations.emit({
        type: 'schedule.fired',
        ids: { sourceArn: arn },
        scheduleArn: arn,
        scheduledTime: new Date(due).toISOString(),
        targetArn: spec.Target.Arn,
      });
    this.deliveryTimer.arm(deliverAt);
  }

  private deliverDue(): void {
    if (!this.running) return;
    const now = this.deps.clock.now();
    for (const row of this.deps.store.dueDeliveries(now, MAX_IN_FLIGHT + this.inFlight.size)) {
      if (this.inFlight.has(row.seq) || this.inFlight.size >= MAX_IN_FLIGHT) continue;
      this.inFlight.add(row.seq);
      void this.deliver(row).finally(() => {
        this.inFlight.delete(row.seq);
        if (this.running) this.deliveryTimer.arm(this.deps.clock.now());
      });
    }
    const next = this.deps.store.nextDeliveryAt();
    if (next !== undefined && next > now) this.deliveryTimer.arm(next);
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    const target = JSON.parse(row.target) as ScheduleTarget;
    const ids = { sourceArn: row.schedule_arn, attempt: row.attempt };
    try {
      await this.targets.send(target.Arn, messageFor(target, row));
      this.observeDelivery(ids, row.schedule_arn, target.Arn);
      this.deps.store.deleteDelivery(row.seq);
    } catch (err) {
      if (!this.running) return;
      const message = err instanceof Error ? err.message : String(err);
      this.observeDelivery(ids, row.schedule_arn, target.Arn, message);
      if (scheduleRetry(this.deps, this.deliveryTimer, row, target.RetryPolicy, ids, message) === undefined) return;
      this.deps.store.deleteDelivery(row.seq);
      await this.deadLetter(target, row, isAwsError(err) ? err.code : 'SDK_CLIENT_ERROR', message);
    }
  }

  private async deadLetter(target: ScheduleTarget, row: DeliveryRow, code: string, message: string): Promise<void> {
    const dlq = target.DeadLetterConfig?.Arn;
    if (!dlq) {
      this.deps.logger.warn(`Scheduler: ${row.schedule_arn} → ${target.Arn} dropped after ${row.attempt} attempt(s): ${message}`);
      return;
    }
    const attributes: Record<string, TargetAttribute> = {
      'X-Amz-Scheduler-Attempt': { dataType: 'Number', value: String(row.attempt) },
      'X-Amz-Scheduler-Error-Code': { dataType: 'String', value: code },
      'X-Amz-Scheduler-Error-Message': { dataType: 'String', value: message.slice(0, 1024) },
      'X-Amz-Scheduler-Group': { dataType: 'String', value: row.group_name },
      'X-Amz-Scheduler-Schedule': { dataType: 'String', value: row.schedule_arn.slice(row.schedule_arn.lastIndexOf('/') + 1) },
      'X-Amz-Scheduler-Target-Arn': { dataType: 'String', value: target.Arn },
    };
    let error: string | undefined;
    try {
      await this.targets.send(dlq, { body: target.Input ?? '{}', attributes, sender: 'aws:scheduler' });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.deps.logger.error(`Scheduler: dead-letter delivery to ${dlq} failed: ${error}`);
    }
    if (this.deps.observations.wants('dlq.moved'))
      this.deps.observations.emit({
        type: 'dlq.moved',
        ids: { sourceArn: row.schedule_arn, attempt: row.attempt },
        targetArn: dlq,
        reason: code,
        delivered: error === undefined,
        ...(error ? { error } : {}),
      });
  }

  private observeDelivery(ids: { sourceArn: string; attempt: number }, scheduleArn: string, targetArn: string, error?: string): void {
    if (!this.deps.observations.wants('target.delivered')) return;
    this.deps.observations.emit({
      type: 'target.delivered',
      ids,
      ruleArn: scheduleArn,
      targetArn,
      delivered: error === undefined,
      ...(error ? { error } : {}),
    });
  }
}

/** Scheduler hands the target its Input as it is (no envelope); a bus gets it as the detail of one entry. */
function messageFor(target: ScheduleTarget, row: DeliveryRow): TargetMessage {
  const body = target.Input ?? '{}';
  const causeIds = { sourceArn: row.schedule_arn };
  if (targetServiceOf(target.Arn) === 'events') {
    const p = target.EventBridgeParameters ?? { DetailType: 'Scheduled Event', Source: 'aws.scheduler' };
    return { body, event: { source: p.Source, detailType: p.DetailType, resources: [row.schedule_arn] } };
  }
  const fifo = target.Arn.endsWith('.fifo');
  const dedup = createHash('sha256').update(`${row.schedule_arn}@${row.scheduled_at}`).digest('hex').slice(0, 64);
  return { body, sender: 'aws:scheduler', causeIds, ...(fifo ? { groupId: target.SqsParameters?.MessageGroupId, deduplicationId: dedup } : {}) };
}
