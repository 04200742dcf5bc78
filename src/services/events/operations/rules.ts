import { AwsError } from '../../../protocols/aws-error.js';
import { patternProblem } from '../../../patterns/index.js';
import { parseScheduleExpression } from '../../../schedules/index.js';
import { ruleArn } from '../envelope.js';
import { busNameOf, type EventsOperation, existingBus, existingRule, page, tagsObject, validation } from '../context.js';
import type { RuleRow } from '../store.js';

/** EventBridge's refusal of a pattern: `Event pattern is not valid. Reason: ...`. */
export function checkEventPattern(pattern: string): void {
  const problem = patternProblem(pattern);
  if (problem !== undefined) throw new AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${problem}`, 400);
}

export const putRule: EventsOperation = async (env, input, ctx) => {
  const name = input.Name as string;
  const bus = busNameOf(input);
  existingBus(env, ctx, bus);
  const pattern = input.EventPattern as string | undefined;
  const schedule = input.ScheduleExpression as string | undefined;
  if (pattern === undefined && schedule === undefined) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  if (pattern !== undefined) checkEventPattern(pattern);
  if (schedule !== undefined) {
    if (!parseScheduleExpression(schedule)) throw validation('Parameter ScheduleExpression is not valid.');
    if (bus !== 'default') throw validation('ScheduleExpression is supported only on the default event bus.');
  }
  const state = (input.State as string | undefined) ?? 'ENABLED';
  const now = env.clock.now();
  const existing = env.store.rule(ctx, bus, name);
  // A rate counts from when its schedule was set; changing anything else keeps the rhythm.
  const anchor = existing && existing.schedule === (schedule ?? null) ? existing.anchor_at : now;
  const row: RuleRow = {
    account_id: ctx.accountId,
    region: ctx.region,
    bus,
    name,
    event_pattern: pattern ?? null,
    schedule: schedule ?? null,
    state,
    description: (input.Description as string | undefined) ?? null,
    role_arn: (input.RoleArn as string | undefined) ?? null,
    managed_by: null,
    tags: existing?.tags ?? '{}',
    created_at: existing?.created_at ?? now,
    anchor_at: anchor,
    next_fire_at:
      existing && existing.schedule === (schedule ?? null) && existing.state === state && existing.next_fire_at !== null
        ? existing.next_fire_at
        : env.schedules.firstFire(schedule ?? null, state, anchor),
  };
  env.store.putRule(row);
  if (input.Tags !== undefined) env.store.setRuleTags(row, { ...(JSON.parse(row.tags) as Record<string, string>), ...tagsObject(input.Tags) });
  env.schedules.changed();
  return { RuleArn: ruleArn(ctx, bus, name) };
};

export const describeRule: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  const rule = existingRule(env, ctx, bus, input.Name as string);
  return { ...renderRule(ctx, rule), CreatedBy: ctx.accountId };
};

export const deleteRule: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  const rule = env.store.rule(ctx, bus, input.Name as string);
  if (!rule) return {};
  if (env.store.targetCount(rule) > 0) throw validation("Rule can't be deleted since it has targets.");
  env.store.deleteRule(ctx, bus, rule.name);
  env.schedules.changed();
  return {};
};

function setState(state: 'ENABLED' | 'DISABLED'): EventsOperation {
  return async (env, input, ctx) => {
    const bus = busNameOf(input);
    const rule = existingRule(env, ctx, bus, input.Name as string);
    if (rule.state === state) return {};
    env.store.setRuleState(rule, state, env.schedules.firstFire(rule.schedule, state, state === 'ENABLED' ? env.clock.now() : rule.anchor_at));
    env.schedules.changed();
    return {};
  };
}

export const enableRule = setState('ENABLED');
export const disableRule = setState('DISABLED');

export const listRules: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  existingBus(env, ctx, bus);
  const { items, nextToken } = page(input, env.store.rules(ctx, bus, (input.NamePrefix as string | undefined) ?? ''));
  return { Rules: items.map((r) => renderRule(ctx, r)), ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const listRuleNamesByTarget: EventsOperation = async (env, input, ctx) => {
  const bus = busNameOf(input);
  existingBus(env, ctx, bus);
  const { items, nextToken } = page(input, env.store.rulesByTarget(ctx, bus, input.TargetArn as string));
  return { RuleNames: items, ...(nextToken ? { NextToken: nextToken } : {}) };
};

function renderRule(ctx: { accountId: string; region: string }, rule: RuleRow): Record<string, unknown> {
  const out: Record<string, unknown> = { Name: rule.name, Arn: ruleArn(ctx, rule.bus, rule.name) };
  if (rule.event_pattern !== null) out.EventPattern = rule.event_pattern;
  if (rule.schedule !== null) out.ScheduleExpression = rule.schedule;
  out.State = rule.state;
  if (rule.description !== null) out.Description = rule.description;
  if (rule.role_arn !== null) out.RoleArn = rule.role_arn;
  if (rule.managed_by !== null) out.ManagedBy = rule.managed_by;
  out.EventBusName = rule.bus;
  return out;
}
