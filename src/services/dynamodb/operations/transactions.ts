/**
 * TransactGetItems and TransactWriteItems: all or nothing, in one SQLite transaction. A failed
 * condition cancels the whole transaction with one reason per item, in order (`None` for the
 * items that would have succeeded). Requests run one at a time, so of two transactions on the
 * same item exactly one goes first and the other sees its result.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../../protocols/aws-error.js';
import { type DynamoOperation, itemTable, readItem, scopeOf, validation, writeItem } from '../context.js';
import { planWrite, type WriteKind, type WritePlan } from '../item-writes.js';
import { applyProjection, consumedCapacity, parseExpressions, readUnits, writeUnits } from '../requests.js';
import { checkKey, storageKey, tableKeys } from '../table-model.js';
import { checkItem, type Item, itemSize } from '../values.js';

const TOKEN_TTL_MS = 10 * 60 * 1000;
const KINDS: WriteKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];
const SAME_ITEM = 'Transaction request cannot include multiple operations on one item';

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

export function cancelled(reasons: CancellationReason[]): AwsError {
  return new AwsError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    400,
    { CancellationReasons: reasons },
  );
}

function assertDistinct(ids: string[]): void {
  if (new Set(ids).size !== ids.length) throw validation(SAME_ITEM);
}

/**
 * Runs plans atomically. Every condition is checked before anything is written (the plans touch
 * distinct items), so a cancelled transaction writes nothing and tells no stream anything.
 */
export function runTransaction(env: Parameters<DynamoOperation>[0], plans: WritePlan[]): { old: Item | undefined; next: Item | undefined }[] {
  return env.store.transaction(() => {
    const reasons: CancellationReason[] = [];
    const results = plans.map((plan) => {
      const old = readItem(env, plan.def, plan.key);
      try {
        const next = plan.compute(old);
        reasons.push({ Code: 'None' });
        return { old, next };
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        if (err.code === 'ConditionalCheckFailedException') {
          reasons.push({ Code: 'ConditionalCheckFailed', Message: err.message, ...(err.fields.Item ? { Item: err.fields.Item as Item } : {}) });
        } else if (err.code === 'DuplicateItemException') reasons.push({ Code: 'DuplicateItem', Message: err.message });
        else reasons.push({ Code: 'ValidationError', Message: err.message });
        return { old, next: undefined };
      }
    });
    if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);
    plans.forEach((plan, i) => {
      if (plan.kind !== 'ConditionCheck') writeItem(env, plan.def, plan.key, results[i]!.next, results[i]!.old);
    });
    return results;
  });
}

export const transactWriteItems: DynamoOperation = (env, input, ctx) => {
  const items = input.TransactItems as Record<string, Record<string, unknown>>[];
  const plans = items.map((entry) => {
    const kinds = KINDS.filter((k) => entry[k] !== undefined);
    if (kinds.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    return planWrite(env, ctx, kinds[0]!, entry[kinds[0]!]!);
  });
  assertDistinct(plans.map((p) => `${p.def.id}|${JSON.stringify(storageKey(tableKeys(p.def), p.key))}`));
  const scope = scopeOf(ctx);
  const token = input.ClientRequestToken as string | undefined;
  const now = env.clock.now();
  const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  if (token) {
    env.store.pruneTokens(now - TOKEN_TTL_MS);
    const previous = env.store.token(scope, token);
    if (previous) {
      if (previous.request_hash !== hash) {
        throw new AwsError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.', 400);
      }
      return {};
    }
  }
  const results = runTransaction(env, plans);
  if (token) env.store.saveToken(scope, token, hash, now);
  const units = new Map<string, { def: WritePlan['def']; units: number }>();
  plans.forEach((plan, i) => {
    const entry = units.get(plan.def.name) ?? { def: plan.def, units: 0 };
    entry.units += 2 * writeUnits(results[i]!.old, results[i]!.next);
    units.set(plan.def.name, entry);
  });
  const capacity = [...units.values()].map((u) => consumedCapacity(u.def, input.ReturnConsumedCapacity, u.units)).filter((c) => c !== undefined);
  return capacity.length > 0 ? { ConsumedCapacity: capacity } : {};
};

export const transactGetItems: DynamoOperation = (env, input, ctx) => {
  const items = input.TransactItems as Record<string, Record<string, unknown>>[];
  const gets = items.map((entry) => {
    const get = entry.Get;
    if (!get) throw validation("1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null");
    const expressions = parseExpressions(get);
    const def = itemTable(env, ctx, get.TableName);
    const key = checkKey(tableKeys(def), checkItem(get.Key));
    return { def, key, projection: expressions.projection };
  });
  assertDistinct(gets.map((g) => `${g.def.id}|${JSON.stringify(storageKey(tableKeys(g.def), g.key))}`));
  const units = new Map<string, { def: (typeof gets)[number]['def']; units: number }>();
  const responses = env.store.transaction(() =>
    gets.map(({ def, key, projection }) => {
      const item = readItem(env, def, key);
      const entry = units.get(def.name) ?? { def, units: 0 };
      entry.units += 2 * readUnits(item ? itemSize(item) : 0, true);
      units.set(def.name, entry);
      return item ? { Item: applyProjection(item, projection) } : {};
    }),
  );
  const capacity = [...units.values()].map((u) => consumedCapacity(u.def, input.ReturnConsumedCapacity, u.units)).filter((c) => c !== undefined);
  return { Responses: responses, ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}) };
};
