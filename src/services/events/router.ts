/**
 * Where an accepted event goes: every enabled rule of its bus whose pattern matches gets one
 * delivery per target, and every archive of the bus whose pattern matches keeps a copy, all in one
 * transaction, so an event answered for is an event delivered (at least once) after any crash.
 */
import type { Clock } from '../../clock.js';
import type { Observations } from '../../observations/bus.js';
import { type CompiledPattern, compilePattern, matchesPattern } from '../../patterns/index.js';
import type { TargetDeliveries } from './delivery.js';
import { busArn, type EventEnvelope, ruleArn } from './envelope.js';
import type { EventsStore, RuleRow, Scope } from './store.js';

export interface RouteOptions {
  traceHeader?: string;
  /** Replays: only these rules (by ARN), and no archiving. */
  onlyRules?: ReadonlySet<string>;
  replay?: boolean;
}

export class EventRouter {
  private readonly patterns = new Map<string, CompiledPattern>();

  constructor(
    private readonly store: EventsStore,
    private readonly deliveries: TargetDeliveries,
    private readonly clock: Clock,
    private readonly observations: Observations,
  ) {}

  compiled(text: string): CompiledPattern {
    let pattern = this.patterns.get(text);
    if (!pattern) {
      pattern = compilePattern(text);
      if (this.patterns.size > 10_000) this.patterns.clear();
      this.patterns.set(text, pattern);
    }
    return pattern;
  }

  /** Queues the event's deliveries (inside the caller's transaction when there is one); returns the rules matched. */
  route(scope: Scope, bus: string, event: EventEnvelope, options: RouteOptions = {}): number {
    const now = this.clock.now();
    let matched = 0;
    const rules = this.store.rules(scope, bus).filter((r) => r.state === 'ENABLED' && r.event_pattern !== null);
    for (const rule of rules) {
      const arn = ruleArn(scope, bus, rule.name);
      if (options.onlyRules && !options.onlyRules.has(arn)) continue;
      if (!matchesPattern(this.compiled(rule.event_pattern!), event)) continue;
      matched += 1;
      this.queueTargets(rule, arn, event, now, options.traceHeader);
    }
    if (!options.replay) {
      for (const archive of this.store.archivesOf(scope, busArn(scope, bus))) {
        if (archive.event_pattern !== null && !matchesPattern(this.compiled(archive.event_pattern), event)) continue;
        this.store.archiveEvent(scope, archive.name, Date.parse(event.time), now, JSON.stringify(event));
      }
    }
    if (this.observations.wants('events.put')) {
      this.observations.emit({
        type: 'events.put',
        ids: { messageIds: [event.id], sourceArn: busArn(scope, bus) },
        busArn: busArn(scope, bus),
        source: event.source,
        detailType: event['detail-type'],
        rules: matched,
      });
    }
    return matched;
  }

  /** One delivery per target of the rule (scheduled rules come here directly). */
  queueTargets(rule: RuleRow, arn: string, event: EventEnvelope, now: number, traceHeader?: string): void {
    const targets = this.store.targets(rule);
    const text = JSON.stringify(event);
    for (const target of targets) this.store.insertDelivery({ ruleArn: arn, target: target.spec, event: text, traceHeader, firstAt: now, dueAt: now });
    if (this.observations.wants('rule.matched'))
      this.observations.emit({ type: 'rule.matched', ids: { messageIds: [event.id], sourceArn: arn }, ruleArn: arn, targets: targets.length });
    if (targets.length > 0) this.deliveries.wake();
  }
}
