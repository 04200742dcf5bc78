/**
 * Put, Update, Delete and ConditionCheck as plans: checked and parsed up front, then run against
 * the item as it is inside a transaction. PutItem and friends run one plan; BatchWriteItem and
 * TransactWriteItems run many in one SQLite transaction.
 */
import type { RequestContext } from '../../server/request-context.js';
import { type DynamoEnv, itemTable, readItem, validation, writeItem } from './context.js';
import type { PathNode } from './expressions/ast.js';
import { evaluate, project } from './expressions/evaluate.js';
import { applyUpdate, checkUpdatePaths } from './expressions/update.js';
import { assertReturnValues, conditionFailed, parseExpressions } from './requests.js';
import { checkItemKeys, checkKey, keyNames, pickKey, type TableDef, tableKeys } from './table-model.js';
import { checkItem, checkItemSize, type Item } from './values.js';

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

export interface WritePlan {
  kind: WriteKind;
  def: TableDef;
  key: Item;
  returnValues: string;
  returnOnFailure: unknown;
  /** The item after the write (undefined: deleted or absent); throws ConditionalCheckFailed. */
  compute(old: Item | undefined): Item | undefined;
  /** Paths an update touched, for UPDATED_OLD / UPDATED_NEW. */
  updatedPaths?: PathNode[];
}

export interface WriteResult {
  old: Item | undefined;
  next: Item | undefined;
}

export function planWrite(env: DynamoEnv, ctx: RequestContext, kind: WriteKind, input: Record<string, unknown>): WritePlan {
  const expressions = parseExpressions(input);
  if (kind === 'Put' || kind === 'Delete') assertReturnValues(input.ReturnValues, ['ALL_OLD']);
  const def = itemTable(env, ctx, input.TableName);
  const info = tableKeys(def);
  const returnValues = String(input.ReturnValues ?? 'NONE');
  const returnOnFailure = input.ReturnValuesOnConditionCheckFailure;
  const condition = expressions.condition;
  const check = (old: Item | undefined) => {
    if (condition && !evaluate(condition, old)) throw conditionFailed(old, returnOnFailure);
  };
  if (kind === 'Put') {
    const item = checkItem(input.Item);
    checkItemKeys(def, item);
    checkItemSize(item);
    return {
      kind,
      def,
      key: pickKey(info, item),
      returnValues,
      returnOnFailure,
      compute(old) {
        check(old);
        return item;
      },
    };
  }
  const key = checkKey(info, checkItem(input.Key));
  if (kind === 'Delete' || kind === 'ConditionCheck') {
    if (kind === 'ConditionCheck' && !condition) throw validation('The ConditionExpression must be provided for ConditionCheck');
    return {
      kind,
      def,
      key,
      returnValues,
      returnOnFailure,
      compute(old) {
        check(old);
        return kind === 'Delete' ? undefined : old;
      },
    };
  }
  const actions = expressions.update;
  const updatedPaths = actions ? checkUpdatePaths(actions, keyNames(info)) : [];
  return {
    kind,
    def,
    key,
    returnValues,
    returnOnFailure,
    updatedPaths,
    compute(old) {
      check(old);
      const next = actions ? applyUpdate(actions, old ?? key) : (old ?? key);
      checkItemKeys(def, next);
      checkItemSize(next);
      return next;
    },
  };
}

/** Runs a plan against the stored item; the caller holds the transaction. */
export function runPlan(env: DynamoEnv, plan: WritePlan): WriteResult {
  const old = readItem(env, plan.def, plan.key);
  const next = plan.compute(old);
  if (plan.kind !== 'ConditionCheck') writeItem(env, plan.def, plan.key, next, old);
  return { old, next };
}

/** ReturnValues of a finished write. */
export function returnedAttributes(plan: WritePlan, result: WriteResult): Item | undefined {
  const { old, next } = result;
  switch (plan.returnValues) {
    case 'ALL_OLD':
      return old;
    case 'ALL_NEW':
      return next;
    case 'UPDATED_OLD':
      return old ? nonEmpty(project(old, plan.updatedPaths ?? [])) : undefined;
    case 'UPDATED_NEW':
      return next ? nonEmpty(project(next, plan.updatedPaths ?? [])) : undefined;
    default:
      return undefined;
  }
}

function nonEmpty(item: Item): Item | undefined {
  return Object.keys(item).length > 0 ? item : undefined;
}
