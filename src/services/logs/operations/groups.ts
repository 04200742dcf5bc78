import { AwsError } from '../../../protocols/aws-error.js';
import { existingGroup, groupArn, pageOffset, pageToken, type LogsOperation } from '../context.js';
import type { GroupRow } from '../store.js';
import { checkRetention, integer, invalidParameter, text } from '../validation.js';
import type { RequestContext } from '../../../server/request-context.js';

export const createLogGroup: LogsOperation = async (env, input, ctx) => {
  const name = input.logGroupName as string;
  const tags = input.tags as Record<string, string> | undefined;
  if (!env.store.createGroup(ctx, name, env.clock.now())) {
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists', 400);
  }
  if (tags) env.store.setTags(existingGroup(env, ctx, name), tags);
  return {};
};

export const deleteLogGroup: LogsOperation = async (env, input, ctx) => {
  env.writer.flush();
  env.store.deleteGroup(existingGroup(env, ctx, input.logGroupName as string));
  env.writer.forgetStreams();
  return {};
};

export const describeLogGroups: LogsOperation = async (env, input, ctx) => {
  const prefix = text(input, 'logGroupNamePrefix');
  const pattern = text(input, 'logGroupNamePattern');
  if (prefix !== undefined && pattern !== undefined)
    throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  const limit = integer(input, 'limit') ?? 50;
  const offset = pageOffset(input);
  env.writer.flush();
  const rows = env.store.listGroups(ctx, { prefix: prefix ?? '', pattern: pattern ?? '' }, offset, limit + 1);
  const out: Record<string, unknown> = { logGroups: rows.slice(0, limit).map((g) => renderGroup(ctx, g)) };
  if (rows.length > limit) out.nextToken = pageToken(offset + limit);
  return out;
};

export const putRetentionPolicy: LogsOperation = async (env, input, ctx) => {
  const days = input.retentionInDays as number;
  checkRetention(days);
  env.store.setRetention(existingGroup(env, ctx, input.logGroupName as string), days);
  return {};
};

export const deleteRetentionPolicy: LogsOperation = async (env, input, ctx) => {
  env.store.setRetention(existingGroup(env, ctx, input.logGroupName as string), null);
  return {};
};

function renderGroup(ctx: RequestContext, g: GroupRow): Record<string, unknown> {
  const out: Record<string, unknown> = { logGroupName: g.name, creationTime: g.created_at };
  if (g.retention_days !== null) out.retentionInDays = g.retention_days;
  return {
    ...out,
    metricFilterCount: 0,
    arn: `${groupArn(ctx, g.name)}:*`,
    storedBytes: g.stored_bytes,
    logGroupClass: 'STANDARD',
    logGroupArn: groupArn(ctx, g.name),
  };
}
