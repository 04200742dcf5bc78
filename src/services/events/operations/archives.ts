import { archiveArn, parseBusArn } from '../envelope.js';
import { alreadyExists, type EventsOperation, existingBus, notFound, page, seconds } from '../context.js';
import type { ArchiveRow } from '../store.js';
import { checkEventPattern } from './rules.js';

export const createArchive: EventsOperation = async (env, input, ctx) => {
  const name = input.ArchiveName as string;
  const source = input.EventSourceArn as string;
  const bus = parseBusArn(source);
  if (!bus || bus.accountId !== ctx.accountId || bus.region !== ctx.region) throw notFound(`Event bus ${bus?.name ?? source} does not exist.`);
  existingBus(env, ctx, bus.name);
  if (input.EventPattern !== undefined) checkEventPattern(input.EventPattern as string);
  const now = env.clock.now();
  const created = env.store.createArchive(
    ctx,
    {
      name,
      sourceArn: source,
      description: input.Description as string | undefined,
      eventPattern: input.EventPattern as string | undefined,
      retentionDays: (input.RetentionDays as number | undefined) ?? 0,
    },
    now,
  );
  if (!created) throw alreadyExists(`Archive ${name} already exists.`);
  return { ArchiveArn: archiveArn(ctx, name), State: 'ENABLED', CreationTime: seconds(now) };
};

function existingArchive(env: Parameters<EventsOperation>[0], ctx: { accountId: string; region: string }, name: string): ArchiveRow {
  const archive = env.store.archive(ctx, name);
  if (!archive) throw notFound(`Archive ${name} does not exist.`);
  return archive;
}

export const describeArchive: EventsOperation = async (env, input, ctx) => {
  const a = existingArchive(env, ctx, input.ArchiveName as string);
  const out: Record<string, unknown> = { ArchiveArn: archiveArn(ctx, a.name), ArchiveName: a.name, EventSourceArn: a.source_arn };
  if (a.description !== null) out.Description = a.description;
  if (a.event_pattern !== null) out.EventPattern = a.event_pattern;
  return { ...out, State: 'ENABLED', RetentionDays: a.retention_days, SizeBytes: a.size_bytes, EventCount: a.event_count, CreationTime: seconds(a.created_at) };
};

export const updateArchive: EventsOperation = async (env, input, ctx) => {
  const a = existingArchive(env, ctx, input.ArchiveName as string);
  if (input.EventPattern !== undefined) checkEventPattern(input.EventPattern as string);
  env.store.updateArchive(
    ctx,
    a.name,
    input.Description !== undefined ? (input.Description as string) : a.description,
    input.EventPattern !== undefined ? (input.EventPattern as string) : a.event_pattern,
    input.RetentionDays !== undefined ? (input.RetentionDays as number) : a.retention_days,
  );
  return { ArchiveArn: archiveArn(ctx, a.name), State: 'ENABLED', CreationTime: seconds(a.created_at) };
};

export const deleteArchive: EventsOperation = async (env, input, ctx) => {
  const a = existingArchive(env, ctx, input.ArchiveName as string);
  env.store.deleteArchive(ctx, a.name);
  return {};
};

export const listArchives: EventsOperation = async (env, input, ctx) => {
  const prefix = (input.NamePrefix as string | undefined) ?? '';
  const source = input.EventSourceArn as string | undefined;
  const rows = env.store
    .archives(ctx)
    .filter((a) => a.name.startsWith(prefix) && (source === undefined || a.source_arn === source) && (input.State === undefined || input.State === 'ENABLED'));
  const { items, nextToken } = page(input, rows);
  return {
    Archives: items.map((a) => ({
      ArchiveName: a.name,
      EventSourceArn: a.source_arn,
      State: 'ENABLED',
      RetentionDays: a.retention_days,
      SizeBytes: a.size_bytes,
      EventCount: a.event_count,
      CreationTime: seconds(a.created_at),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};
