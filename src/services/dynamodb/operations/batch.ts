/** BatchGetItem and BatchWriteItem. Everything given is processed, so Unprocessed* come back empty. */
import { type DynamoOperation, itemTable, readItem, validation } from '../context.js';
import { planWrite, runPlan, type WritePlan } from '../item-writes.js';
import { applyProjection, consumedCapacity, itemCollectionMetrics, parseExpressions, readUnits, writeUnits } from '../requests.js';
import { checkKey, storageKey, tableKeys } from '../table-model.js';
import { checkItem, type Item, itemSize } from '../values.js';

const DUPLICATES = 'Provided list of item keys contains duplicates';

export const batchGetItem: DynamoOperation = (env, input, ctx) => {
  const requests = input.RequestItems as Record<string, Record<string, unknown>>;
  const total = Object.values(requests).reduce((n, r) => n + ((r.Keys as unknown[] | undefined)?.length ?? 0), 0);
  if (total > 100) throw validation('Too many items requested for the BatchGetItem call');
  const prepared = Object.entries(requests).map(([tableName, request]) => {
    const keysGiven = request.Keys as unknown[] | undefined;
    if (!Array.isArray(keysGiven) || keysGiven.length === 0) {
      throw validation(
        `1 validation error detected: Value null at 'requestItems.${tableName}.member.keys' failed to satisfy constraint: Member must not be null`,
      );
    }
    const expressions = parseExpressions(request);
    const def = itemTable(env, ctx, tableName);
    const info = tableKeys(def);
    const keys = keysGiven.map((k) => checkKey(info, checkItem(k)));
    const seen = new Set(keys.map((k) => JSON.stringify(storageKey(info, k))));
    if (seen.size !== keys.length) throw validation(DUPLICATES);
    return { tableName, def, keys, expressions, consistent: request.ConsistentRead === true };
  });
  const responses: Record<string, Item[]> = {};
  const capacity: Record<string, unknown>[] = [];
  for (const { tableName, def, keys, expressions, consistent } of prepared) {
    const found: Item[] = [];
    let units = 0;
    for (const key of keys) {
      const item = readItem(env, def, key);
      units += readUnits(item ? itemSize(item) : 0, consistent);
      if (item) found.push(applyProjection(item, expressions.projection));
    }
    responses[tableName] = found;
    const consumed = consumedCapacity(def, input.ReturnConsumedCapacity, units);
    if (consumed) capacity.push(consumed);
  }
  return { Responses: responses, UnprocessedKeys: {}, ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}) };
};

export const batchWriteItem: DynamoOperation = (env, input, ctx) => {
  const requests = input.RequestItems as Record<string, Record<string, unknown>[]>;
  const total = Object.values(requests).reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0);
  if (total > 25) throw validation('Too many items requested for the BatchWriteItem call');
  const plans: { tableName: string; plan: WritePlan }[] = [];
  for (const [tableName, list] of Object.entries(requests)) {
    const seen = new Set<string>();
    for (const request of list) {
      const put = request.PutRequest as Record<string, unknown> | undefined;
      const del = request.DeleteRequest as Record<string, unknown> | undefined;
      if ((put ? 1 : 0) + (del ? 1 : 0) !== 1) {
        throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      const plan = put
        ? planWrite(env, ctx, 'Put', { TableName: tableName, Item: put.Item })
        : planWrite(env, ctx, 'Delete', { TableName: tableName, Key: del!.Key });
      const id = JSON.stringify(storageKey(tableKeys(plan.def), plan.key));
      if (seen.has(id)) throw validation(DUPLICATES);
      seen.add(id);
      plans.push({ tableName, plan });
    }
  }
  const units = new Map<string, number>();
  const metrics: Record<string, unknown[]> = {};
  env.store.transaction(() => {
    for (const { tableName, plan } of plans) {
      const result = runPlan(env, plan);
      units.set(tableName, (units.get(tableName) ?? 0) + writeUnits(result.old, result.next));
      const m = itemCollectionMetrics(plan.def, input.ReturnItemCollectionMetrics, result.next ?? result.old);
      if (m) (metrics[tableName] ??= []).push(m);
    }
  });
  const capacity = [...units.entries()]
    .map(([tableName, u]) => consumedCapacity(plans.find((p) => p.tableName === tableName)!.plan.def, input.ReturnConsumedCapacity, u))
    .filter((c) => c !== undefined);
  return {
    UnprocessedItems: {},
    ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}),
    ...(input.ReturnItemCollectionMetrics === 'SIZE' ? { ItemCollectionMetrics: metrics } : {}),
  };
};
