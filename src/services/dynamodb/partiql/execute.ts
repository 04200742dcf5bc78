/** PartiQL statements carried out on the store: reads as queries or scans, writes as write plans. */
import { AwsError } from '../../../protocols/aws-error.js';
import type { RequestContext } from '../../../server/request-context.js';
import { type DynamoEnv, itemTable, validation } from '../context.js';
import type { Condition, UpdateActions } from '../expressions/ast.js';
import { evaluate, project } from '../expressions/evaluate.js';
import { applyUpdate, checkUpdatePaths } from '../expressions/update.js';
import type { WritePlan } from '../item-writes.js';
import { conditionFailed } from '../requests.js';
import { checkItemKeys, keyInfo, keyNames, partitionText, pickKey, type TableDef, tableKeys } from '../table-model.js';
import { type AttributeValue, checkItemSize, compareScalars, type Item } from '../values.js';
import type { Statement } from './parser.js';

/** `key = value` conjuncts at the top of a WHERE clause, and whatever else it says. */
function splitWhere(where: Condition | undefined): { equalities: Map<string, AttributeValue>; rest: Condition[] } {
  const equalities = new Map<string, AttributeValue>();
  const rest: Condition[] = [];
  const visit = (c: Condition) => {
    if (c.kind === 'and') {
      visit(c.left);
      visit(c.right);
    } else if (
      c.kind === 'compare' &&
      c.op === '=' &&
      c.left.kind === 'path' &&
      c.left.elements.length === 1 &&
      c.right.kind === 'value' &&
      !equalities.has(String(c.left.elements[0]))
    ) {
      equalities.set(String(c.left.elements[0]), c.right.value);
    } else rest.push(c);
  };
  if (where) visit(where);
  return { equalities, rest };
}

function fullKey(def: TableDef, where: Condition | undefined): { key: Item; condition?: Condition } {
  const { equalities, rest } = splitWhere(where);
  const info = tableKeys(def);
  const key: Item = {};
  for (const name of keyNames(info)) {
    const value = equalities.get(name);
    if (!value) throw validation('Where clause does not contain a mandatory equality on all key attributes');
    key[name] = value;
    equalities.delete(name);
  }
  const others: Condition[] = [
    ...rest,
    ...[...equalities.entries()].map(
      ([name, value]): Condition => ({ kind: 'compare', op: '=', left: { kind: 'path', elements: [name] }, right: { kind: 'value', value, ref: '?' } }),
    ),
  ];
  const condition = others.length === 0 ? undefined : others.reduce((left, right) => ({ kind: 'and', left, right }));
  return condition ? { key, condition } : { key };
}

export function duplicateItem(): AwsError {
  return new AwsError('DuplicateItemException', 'Duplicate primary key exists in table', 400);
}

/** A write statement as a plan (INSERT, UPDATE, DELETE). */
export function planStatement(env: DynamoEnv, ctx: RequestContext, statement: Exclude<Statement, { kind: 'select' }>): WritePlan {
  const def = itemTable(env, ctx, statement.table);
  const info = tableKeys(def);
  const base = { def, returnValues: 'NONE', returnOnFailure: undefined };
  if (statement.kind === 'insert') {
    checkItemKeys(def, statement.item);
    checkItemSize(statement.item);
    return {
      ...base,
      kind: 'Put',
      key: pickKey(info, statement.item),
      compute(old) {
        if (old) throw duplicateItem();
        return statement.item;
      },
    };
  }
  const { key, condition } = fullKey(def, statement.where);
  if (statement.kind === 'delete') {
    return {
      ...base,
      kind: 'Delete',
      key,
      compute(old) {
        if (condition && !evaluate(condition, old)) throw conditionFailed(old, undefined);
        return undefined;
      },
    };
  }
  const actions: UpdateActions = { set: statement.set, remove: statement.remove, add: [], delete: [] };
  checkUpdatePaths(actions, keyNames(info));
  return {
    ...base,
    kind: 'Update',
    key,
    compute(old) {
      if (!old || (condition && !evaluate(condition, old))) throw conditionFailed(old, undefined);
      const next = applyUpdate(actions, old);
      checkItemKeys(def, next);
      checkItemSize(next);
      return next;
    },
  };
}

/** A SELECT: a query when the WHERE pins the partition key, else a scan; filtered, projected, paged. */
export function runSelect(
  env: DynamoEnv,
  ctx: RequestContext,
  statement: Extract<Statement, { kind: 'select' }>,
  options: { limit?: number; offset?: number; consistent?: boolean } = {},
): { items: Item[]; more: boolean } {
  const def = itemTable(env, ctx, statement.table);
  let keys = tableKeys(def);
  let holds: (item: Item) => boolean = () => true;
  if (statement.index) {
    const index = [...def.gsis, ...def.lsis].find((i) => i.IndexName === statement.index);
    if (!index) throw validation(`The table does not have the specified index: ${statement.index}`);
    keys = keyInfo(def, index.KeySchema);
    const names = keyNames(keys);
    holds = (item) => names.every((n) => item[n] !== undefined);
  }
  const { equalities } = splitWhere(statement.where);
  const hash = equalities.get(keys.hash);
  const rows = !statement.index && hash ? env.store.partition(def.id, partitionText(hash), true) : env.store.all(def.id);
  let items: Item[] = [];
  for (const row of rows) {
    const item = JSON.parse(row.item) as Item;
    if (!holds(item)) continue;
    if (statement.where && !evaluate(statement.where, item)) continue;
    items.push(item);
  }
  if (statement.index && keys.range) items.sort((a, b) => compareScalars(a[keys.range!]!, b[keys.range!]!) ?? 0);
  const offset = options.offset ?? 0;
  const end = options.limit !== undefined ? offset + options.limit : items.length;
  const more = end < items.length;
  items = items.slice(offset, end);
  return { items: statement.projection ? items.map((i) => project(i, statement.projection!)) : items, more };
}
