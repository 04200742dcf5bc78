import { AwsError } from '../../../protocols/aws-error.js';
import { replayArn } from '../envelope.js';
import { alreadyExists, type EventsOperation, notFound, page, seconds, timestampMs, validation } from '../context.js';
import type { ReplayRow } from '../store.js';

export interface ReplaySpec {
  description?: string;
  eventSourceArn: string;
  eventStartMs: number;
  eventEndMs: number;
  destination: { Arn: string; FilterArns?: string[] };
}

export const startReplay: EventsOperation = async (env, input, ctx) => {
  const name = input.ReplayName as string;
  const source = input.EventSourceArn as string;
  const archiveName = /^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:archive\/(.+)$/.exec(source)?.[1];
  if (!archiveName) throw validation(`Parameter EventSourceArn is not valid. Reason: ${source} is not a valid archive ARN.`);
  const archive = env.store.archive(ctx, archiveName);
  if (!archive) throw notFound(`Archive ${archiveName} does not exist.`);
  const start = timestampMs(input.EventStartTime);
  const end = timestampMs(input.EventEndTime);
  if (start === undefined) throw validation('Parameter EventStartTime is not valid.');
  if (end === undefined) throw validation('Parameter EventEndTime is not valid.');
  if (start >= end) throw validation('Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.');
  if (end > env.clock.now()) throw validation('Parameter EventEndTime is not valid. Reason: EventEndTime must be before the current time.');
  const destination = input.Destination as ReplaySpec['destination'];
  if (destination.Arn !== archive.source_arn) throw validation('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
  const spec: ReplaySpec = { eventSourceArn: source, eventStartMs: start, eventEndMs: end, destination };
  if (input.Description !== undefined) spec.description = input.Description as string;
  const now = env.clock.now();
  if (!env.store.createReplay(ctx, name, JSON.stringify(spec), 'STARTING', now)) throw alreadyExists(`Replay ${name} already exists.`);
  env.runReplay(ctx, name);
  return { ReplayArn: replayArn(ctx, name), State: 'STARTING', ReplayStartTime: seconds(now) };
};

function existingReplay(env: Parameters<EventsOperation>[0], ctx: { accountId: string; region: string }, name: string): ReplayRow {
  const replay = env.store.replay(ctx, name);
  if (!replay) throw notFound(`Replay ${name} does not exist.`);
  return replay;
}

export const describeReplay: EventsOperation = async (env, input, ctx) => {
  const r = existingReplay(env, ctx, input.ReplayName as string);
  const spec = JSON.parse(r.spec) as ReplaySpec;
  const out: Record<string, unknown> = { ReplayName: r.name, ReplayArn: replayArn(ctx, r.name) };
  if (spec.description !== undefined) out.Description = spec.description;
  out.State = r.state;
  if (r.state_reason !== null) out.StateReason = r.state_reason;
  out.EventSourceArn = spec.eventSourceArn;
  out.Destination = spec.destination;
  out.EventStartTime = seconds(spec.eventStartMs);
  out.EventEndTime = seconds(spec.eventEndMs);
  if (r.last_replayed !== null) out.EventLastReplayedTime = seconds(r.last_replayed);
  out.ReplayStartTime = seconds(r.started_at);
  if (r.ended_at !== null) out.ReplayEndTime = seconds(r.ended_at);
  return out;
};

export const cancelReplay: EventsOperation = async (env, input, ctx) => {
  const r = existingReplay(env, ctx, input.ReplayName as string);
  if (r.state !== 'STARTING' && r.state !== 'RUNNING')
    throw new AwsError('IllegalStatusException', `Replay ${r.name} is not in a valid state for this operation.`, 400);
  env.store.setReplayState(ctx, r.name, 'CANCELLING', null, null, null);
  return { ReplayArn: replayArn(ctx, r.name), State: 'CANCELLING' };
};

export const listReplays: EventsOperation = async (env, input, ctx) => {
  const prefix = (input.NamePrefix as string | undefined) ?? '';
  const rows = env.store
    .replays(ctx)
    .filter((r) => r.name.startsWith(prefix) && (input.State === undefined || r.state === input.State))
    .filter((r) => input.EventSourceArn === undefined || (JSON.parse(r.spec) as ReplaySpec).eventSourceArn === input.EventSourceArn);
  const { items, nextToken } = page(input, rows);
  return {
    Replays: items.map((r) => {
      const spec = JSON.parse(r.spec) as ReplaySpec;
      const out: Record<string, unknown> = { ReplayName: r.name, EventSourceArn: spec.eventSourceArn, State: r.state };
      if (r.state_reason !== null) out.StateReason = r.state_reason;
      out.EventStartTime = seconds(spec.eventStartMs);
      out.EventEndTime = seconds(spec.eventEndMs);
      if (r.last_replayed !== null) out.EventLastReplayedTime = seconds(r.last_replayed);
      out.ReplayStartTime = seconds(r.started_at);
      if (r.ended_at !== null) out.ReplayEndTime = seconds(r.ended_at);
      return out;
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};
