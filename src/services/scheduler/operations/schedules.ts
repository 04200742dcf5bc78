import { assertValid } from '../../../protocols/constraints.js';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { isTimeZone, parseScheduleExpression } from '../../../schedules/index.js';
import { conflict, jsonBody, notFound, page, type SchedulerEnv, seconds, timestampMs, validation } from '../context.js';
import { SCHEDULER_SHAPES } from '../shapes.js';
import { scheduleArn, type ScheduleSpec, type ScheduleTarget } from '../spec.js';
import type { ScheduleRow } from '../store.js';
import { nextFireOf } from '../timing.js';

/** The request checked and normalised as Scheduler validates it. */
function specOf(input: Record<string, unknown>): ScheduleSpec {
  const expression = input.ScheduleExpression as string;
  if (!parseScheduleExpression(expression, { allowAt: true })) throw validation(`Invalid Schedule Expression ${expression}.`);
  const zone = input.ScheduleExpressionTimezone as string | undefined;
  if (zone !== undefined && !isTimeZone(zone)) throw validation(`Invalid ScheduleExpressionTimezone ${zone}.`);
  const window = input.FlexibleTimeWindow as ScheduleSpec['FlexibleTimeWindow'];
  if (window.Mode === 'FLEXIBLE' && window.MaximumWindowInMinutes === undefined)
    throw validation('MaximumWindowInMinutes must be provided when FlexibleTimeWindow Mode is FLEXIBLE.');
  if (window.Mode === 'OFF' && window.MaximumWindowInMinutes !== undefined)
    throw validation('MaximumWindowInMinutes must not be provided when FlexibleTimeWindow Mode is OFF.');
  const spec: ScheduleSpec = {
    ScheduleExpression: expression,
    FlexibleTimeWindow: window,
    State: (input.State as ScheduleSpec['State'] | undefined) ?? 'ENABLED',
    Target: input.Target as ScheduleTarget,
    ActionAfterCompletion: (input.ActionAfterCompletion as ScheduleSpec['ActionAfterCompletion'] | undefined) ?? 'NONE',
  };
  if (zone !== undefined) spec.ScheduleExpressionTimezone = zone;
  for (const member of ['StartDate', 'EndDate'] as const) {
    if (input[member] === undefined) continue;
    const ms = timestampMs(input[member]);
    if (ms === undefined) throw validation(`Invalid ${member}.`);
    spec[member] = ms;
  }
  if (spec.StartDate !== undefined && spec.EndDate !== undefined && spec.EndDate <= spec.StartDate)
    throw validation('The EndDate must be after the StartDate.');
  if (input.Description !== undefined) spec.Description = input.Description as string;
  if (input.KmsKeyArn !== undefined) spec.KmsKeyArn = input.KmsKeyArn as string;
  const target = spec.Target;
  if (target.Arn.startsWith('arn:aws:sqs:') && target.Arn.endsWith('.fifo') && !target.SqsParameters?.MessageGroupId)
    throw validation('SqsParameters.MessageGroupId is required for FIFO queue targets.');
  if (/^arn:aws[\w-]*:events:[^:]*:\d{12}:event-bus\//.test(target.Arn) && !target.EventBridgeParameters)
    throw validation('EventBridgeParameters is required for EventBridge PutEvents targets.');
  return spec;
}

function existingGroup(env: SchedulerEnv, ctx: RequestContext, group: string): void {
  if (!env.store.group(ctx, group)) throw notFound(`Schedule group ${group} does not exist.`);
}

function existingSchedule(env: SchedulerEnv, ctx: RequestContext, group: string, name: string): ScheduleRow {
  const row = env.store.schedule(ctx, group, name);
  if (!row) throw notFound(`Schedule ${name} does not exist.`);
  return row;
}

function write(env: SchedulerEnv, ctx: RequestContext, input: Record<string, unknown>, existing: ScheduleRow | undefined): string {
  const group = (input.GroupName as string | undefined) ?? 'default';
  const name = input.Name as string;
  const spec = specOf(input);
  const now = env.clock.now();
  const createdAt = existing?.created_at ?? now;
  env.store.putSchedule({
    account_id: ctx.accountId,
    region: ctx.region,
    group_name: group,
    name,
    spec: JSON.stringify(spec),
    client_token: existing?.client_token ?? (input.ClientToken as string | undefined) ?? null,
    created_at: createdAt,
    modified_at: now,
    next_fire_at: nextFireOf(spec, now - 1, existing ? now : createdAt),
  });
  env.runner.changed();
  return scheduleArn(ctx, group, name);
}

export function scheduleOperations(env: SchedulerEnv): RestJsonOperation[] {
  return [
    {
      name: 'CreateSchedule',
      method: 'POST',
      path: '/schedules/{Name}',
      async run(req, ctx) {
        const input: Record<string, unknown> = { ...jsonBody(req.body), Name: req.params.Name };
        assertValid(SCHEDULER_SHAPES.CreateSchedule, input);
        const group = (input.GroupName as string | undefined) ?? 'default';
        existingGroup(env, ctx, group);
        const existing = env.store.schedule(ctx, group, input.Name as string);
        if (existing) {
          // A retry of the same request (same ClientToken) gets the same answer.
          if (input.ClientToken !== undefined && existing.client_token === input.ClientToken)
            return { body: { ScheduleArn: scheduleArn(ctx, group, existing.name) } };
          throw conflict(`Schedule ${input.Name} already exists.`);
        }
        return { body: { ScheduleArn: write(env, ctx, input, undefined) } };
      },
    },
    {
      name: 'UpdateSchedule',
      method: 'PUT',
      path: '/schedules/{Name}',
      async run(req, ctx) {
        const input: Record<string, unknown> = { ...jsonBody(req.body), Name: req.params.Name };
        assertValid(SCHEDULER_SHAPES.UpdateSchedule, input);
        const group = (input.GroupName as string | undefined) ?? 'default';
        existingGroup(env, ctx, group);
        const existing = existingSchedule(env, ctx, group, input.Name as string);
        return { body: { ScheduleArn: write(env, ctx, input, existing) } };
      },
    },
    {
      name: 'GetSchedule',
      method: 'GET',
      path: '/schedules/{Name}',
      async run(req, ctx) {
        const group = req.query.get('groupName') ?? 'default';
        const row = existingSchedule(env, ctx, group, req.params.Name!);
        return { body: renderSchedule(ctx, row) };
      },
    },
    {
      name: 'DeleteSchedule',
      method: 'DELETE',
      path: '/schedules/{Name}',
      async run(req, ctx) {
        const group = req.query.get('groupName') ?? 'default';
        const row = existingSchedule(env, ctx, group, req.params.Name!);
        env.store.deleteSchedule(row);
        env.runner.changed();
        return { body: {} };
      },
    },
    {
      name: 'ListSchedules',
      method: 'GET',
      path: '/schedules',
      async run(req, ctx) {
        const group = req.query.get('ScheduleGroup');
        const prefix = req.query.get('NamePrefix') ?? '';
        const state = req.query.get('State');
        const rows = env.store.schedules(ctx).filter((r) => {
          const spec = JSON.parse(r.spec) as ScheduleSpec;
          return (group === null || r.group_name === group) && r.name.startsWith(prefix) && (state === null || spec.State === state);
        });
        const { items, NextToken } = page(req.query, rows);
        return {
          body: {
            Schedules: items.map((r) => {
              const spec = JSON.parse(r.spec) as ScheduleSpec;
              return {
                Arn: scheduleArn(ctx, r.group_name, r.name),
                CreationDate: seconds(r.created_at),
                GroupName: r.group_name,
                LastModificationDate: seconds(r.modified_at),
                Name: r.name,
                State: spec.State,
                Target: { Arn: spec.Target.Arn },
              };
            }),
            ...(NextToken ? { NextToken } : {}),
          },
        };
      },
    },
  ];
}

function renderSchedule(ctx: RequestContext, row: ScheduleRow): Record<string, unknown> {
  const spec = JSON.parse(row.spec) as ScheduleSpec;
  const out: Record<string, unknown> = {
    ActionAfterCompletion: spec.ActionAfterCompletion,
    Arn: scheduleArn(ctx, row.group_name, row.name),
    CreationDate: seconds(row.created_at),
  };
  if (spec.Description !== undefined) out.Description = spec.Description;
  if (spec.EndDate !== undefined) out.EndDate = seconds(spec.EndDate);
  out.FlexibleTimeWindow = spec.FlexibleTimeWindow;
  out.GroupName = row.group_name;
  if (spec.KmsKeyArn !== undefined) out.KmsKeyArn = spec.KmsKeyArn;
  out.LastModificationDate = seconds(row.modified_at);
  out.Name = row.name;
  out.ScheduleExpression = spec.ScheduleExpression;
  out.ScheduleExpressionTimezone = spec.ScheduleExpressionTimezone ?? 'UTC';
  if (spec.StartDate !== undefined) out.StartDate = seconds(spec.StartDate);
  out.State = spec.State;
  out.Target = { ...spec.Target, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185, ...spec.Target.RetryPolicy } };
  return out;
}
