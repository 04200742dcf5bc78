import type { RequestContext } from '../../../server/request-context.js';
import { existingGroup, type LogsEnv, type LogsOperation } from '../context.js';
import type { GroupRow } from '../store.js';
import { groupNotFound, invalidParameter } from '../validation.js';

/** The log group a resource ARN names (`arn:aws:logs:<region>:<account>:log-group:<name>`, with or without `:*`). */
function groupOfArn(env: LogsEnv, ctx: RequestContext, input: Record<string, unknown>): GroupRow {
  const arn = input.resourceArn as string;
  const m = /^arn:aws[\w-]*:logs:([^:]+):(\d{12}):log-group:([^:]+)(?::\*)?$/.exec(arn);
  if (!m) throw invalidParameter(`Invalid resource ARN: ${arn}`);
  const group = env.store.findGroup({ region: m[1]!, accountId: m[2]! }, m[3]!);
  if (!group || group.account_id !== ctx.accountId) throw groupNotFound();
  return group;
}

const tagsOf = (group: GroupRow): Record<string, string> => JSON.parse(group.tags) as Record<string, string>;

const tagKeys = (value: unknown): string[] => value as string[];

export const tagResource: LogsOperation = async (env, input, ctx) => {
  const group = groupOfArn(env, ctx, input);
  env.store.setTags(group, { ...tagsOf(group), ...(input.tags as Record<string, string>) });
  return {};
};

export const untagResource: LogsOperation = async (env, input, ctx) => {
  const group = groupOfArn(env, ctx, input);
  const tags = tagsOf(group);
  for (const key of tagKeys(input.tagKeys)) delete tags[key];
  env.store.setTags(group, tags);
  return {};
};

export const listTagsForResource: LogsOperation = async (env, input, ctx) => ({ tags: tagsOf(groupOfArn(env, ctx, input)) });

/** The older, name-addressed forms of the three above. */
export const tagLogGroup: LogsOperation = async (env, input, ctx) => {
  const group = existingGroup(env, ctx, input.logGroupName as string);
  env.store.setTags(group, { ...tagsOf(group), ...(input.tags as Record<string, string>) });
  return {};
};

export const untagLogGroup: LogsOperation = async (env, input, ctx) => {
  const group = existingGroup(env, ctx, input.logGroupName as string);
  const tags = tagsOf(group);
  for (const key of tagKeys(input.tags)) delete tags[key];
  env.store.setTags(group, tags);
  return {};
};

export const listTagsLogGroup: LogsOperation = async (env, input, ctx) => ({ tags: tagsOf(existingGroup(env, ctx, input.logGroupName as string)) });
