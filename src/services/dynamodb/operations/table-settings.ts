/** Tags, Time to Live, DescribeLimits and DescribeEndpoints. */
import { AwsError } from '../../../protocols/aws-error.js';
import type { RequestContext } from '../../../server/request-context.js';
import { type DynamoEnv, type DynamoOperation, namedTable, refreshExpiries, scopeOf, validation } from '../context.js';
import type { TableDef } from '../table-model.js';

function tableOfArn(env: DynamoEnv, ctx: RequestContext, arn: unknown): TableDef {
  const m = /^arn:aws[\w-]*:dynamodb:([^:]+):(\d{12}):table\/([^/]+)$/.exec(String(arn));
  if (!m) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${String(arn)}`);
  const def = env.store.table({ accountId: m[2]!, region: m[1]! }, m[3]!);
  const scope = scopeOf(ctx);
  if (!def || m[2] !== scope.accountId || m[1] !== scope.region) {
    throw new AwsError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${String(arn)} not found`, 400);
  }
  return def;
}

export const tagResource: DynamoOperation = (env, input, ctx) => {
  const def = tableOfArn(env, ctx, input.ResourceArn);
  for (const tag of input.Tags as { Key: string; Value: string }[]) def.tags[tag.Key] = tag.Value;
  if (Object.keys(def.tags).length > 50) throw validation('One or more parameter values were invalid: The number of tags exceeds the limit of 50');
  env.store.saveTable(def);
  return {};
};

export const untagResource: DynamoOperation = (env, input, ctx) => {
  const def = tableOfArn(env, ctx, input.ResourceArn);
  for (const key of input.TagKeys as string[]) delete def.tags[key];
  env.store.saveTable(def);
  return {};
};

export const listTagsOfResource: DynamoOperation = (env, input, ctx) => {
  const def = tableOfArn(env, ctx, input.ResourceArn);
  return { Tags: Object.entries(def.tags).map(([Key, Value]) => ({ Key, Value })) };
};

export const updateTimeToLive: DynamoOperation = (env, input, ctx) => {
  const def = namedTable(env, ctx, input.TableName);
  const spec = input.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string };
  if (spec.Enabled && def.ttl?.enabled) throw validation('TimeToLive is already enabled');
  if (!spec.Enabled && !def.ttl?.enabled) throw validation('TimeToLive is already disabled');
  if (!spec.Enabled && def.ttl && def.ttl.attributeName !== spec.AttributeName) {
    throw validation(`TimeToLive is active on a different AttributeName: current AttributeName is ${def.ttl.attributeName}`);
  }
  def.ttl = { attributeName: spec.AttributeName, enabled: spec.Enabled };
  env.store.saveTable(def);
  refreshExpiries(env, def);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
};

export const describeTimeToLive: DynamoOperation = (env, input, ctx) => {
  const def = namedTable(env, ctx, input.TableName);
  if (!def.ttl?.enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: def.ttl.attributeName } };
};

export const describeLimits: DynamoOperation = () => ({
  AccountMaxReadCapacityUnits: 80000,
  AccountMaxWriteCapacityUnits: 80000,
  TableMaxReadCapacityUnits: 40000,
  TableMaxWriteCapacityUnits: 40000,
});

export const describeEndpoints: DynamoOperation = (_env, _input, ctx) => ({
  Endpoints: [{ Address: `dynamodb.${ctx.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }],
});
