/**
 * Scheduled rules: each keeps its next fire time in its row, so a restart resumes on time. At that
 * time the rule's targets get a `Scheduled Event` from `aws.events` with the rule ARN as its
 * resource. A fire missed while Tributary was down happens once, on start, never as a burst.
 */
import type { Clock } from '../../clock.js';
import { DueTimer, nextFire, parseScheduleExpression } from '../../schedules/index.js';
import { buildEnvelope, ruleArn } from './envelope.js';
import type { EventRouter } from './router.js';
import type { EventsStore, RuleRow } from './store.js';

export class RuleSchedules {
  private readonly timer: DueTimer;
  private running = false;

  constructor(
    private readonly store: EventsStore,
    private readonly router: EventRouter,
    private readonly clock: Clock,
  ) {
    this.timer = new DueTimer(clock, () => this.fireDue());
  }

  /** The first fire time of a rule created or changed now, or null for pattern rules and disabled ones. */
  firstFire(schedule: string | null, state: string, anchorMs: number): number | null {
    if (schedule === null || state !== 'ENABLED') return null;
    const expression = parseScheduleExpression(schedule);
    return expression ? (nextFire(expression, { afterMs: this.clock.now(), anchorMs }) ?? null) : null;
  }

  start(): void {
    this.running = true;
    this.changed();
  }

  stop(): void {
    this.running = false;
    this.timer.stop();
  }

  /** A rule's next fire time changed. */
  changed(): void {
    if (this.running) this.timer.arm(this.store.nextRuleFire());
  }

  private fireDue(): void {
    const now = this.clock.now();
    for (const rule of this.store.dueRules(now)) this.fire(rule, now);
    this.changed();
  }

  private fire(rule: RuleRow, now: number): void {
    const scope = { accountId: rule.account_id, region: rule.region };
    const arn = ruleArn(scope, rule.bus, rule.name);
    const expression = rule.schedule === null ? undefined : parseScheduleExpression(rule.schedule);
    const next = expression ? (nextFire(expression, { afterMs: now, anchorMs: rule.anchor_at }) ?? null) : null;
    const event = buildEnvelope({
      source: 'aws.events',
      detailType: 'Scheduled Event',
      detail: {},
      resources: [arn],
      account: rule.account_id,
      region: rule.region,
      timeMs: rule.next_fire_at ?? now,
    });
    this.store.transaction(() => {
      this.store.setNextFire(rule, next);
      this.router.queueTargets(rule, arn, event, now);
    });
  }
}
