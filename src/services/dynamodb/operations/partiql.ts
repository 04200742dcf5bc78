/** ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. */
import { AwsError } from '../../../protocols/aws-error.js';
import { type DynamoOperation, validation } from '../context.js';
import { runPlan } from '../item-writes.js';
import { planStatement, runSelect } from '../partiql/execute.js';
import { parseStatement, type Statement } from '../partiql/parser.js';
import { storageKey, tableKeys } from '../table-model.js';
import { runTransaction } from './transactions.js';

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: unknown): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { offset: number };
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw validation('Invalid NextToken');
}

export const executeStatement: DynamoOperation = (env, input, ctx) => {
  const statement = parseStatement(String(input.Statement), input.Parameters as unknown[] | undefined);
  if (statement.kind === 'select') {
    const offset = decodeToken(input.NextToken);
    const { items, more } = runSelect(env, ctx, statement, { offset, ...(typeof input.Limit === 'number' ? { limit: input.Limit } : {}) });
    return { Items: items, ...(more ? { NextToken: encodeToken(offset + items.length) } : {}) };
  }
  const plan = planStatement(env, ctx, statement);
  env.store.transaction(() => runPlan(env, plan));
  return { Items: [] };
};

function errorOf(err: unknown): { Code: string; Message: string } {
  if (!(err instanceof AwsError)) throw err;
  const code =
    err.code === 'ConditionalCheckFailedException'
      ? 'ConditionalCheckFailed'
      : err.code === 'DuplicateItemException'
        ? 'DuplicateItem'
        : err.code.replace(/Exception$/, '');
  return { Code: code, Message: err.message };
}

/** A read in a batch or transaction must name one item by its whole key. */
function singleItemRead(env: Parameters<DynamoOperation>[0], ctx: Parameters<DynamoOperation>[2], statement: Extract<Statement, { kind: 'select' }>) {
  const { items } = runSelect(env, ctx, statement);
  const def = env.store.table({ accountId: ctx.accountId, region: ctx.region }, statement.table)!;
  return { tableName: def.name, item: items[0] };
}

export const batchExecuteStatement: DynamoOperation = (env, input, ctx) => {
  const statements = input.Statements as { Statement: string; Parameters?: unknown[]; ConsistentRead?: boolean }[];
  const parsed = statements.map((s) => parseStatement(String(s.Statement), s.Parameters));
  const reads = parsed.filter((s) => s.kind === 'select').length;
  if (reads !== 0 && reads !== parsed.length) throw validation('Batch must consist of either all read or all write statements');
  const responses = parsed.map((statement) => {
    try {
      if (statement.kind === 'select') {
        const { tableName, item } = singleItemRead(env, ctx, statement);
        return { TableName: tableName, ...(item ? { Item: item } : {}) };
      }
      const plan = planStatement(env, ctx, statement);
      env.store.transaction(() => runPlan(env, plan));
      return { TableName: plan.def.name };
    } catch (err) {
      return { Error: errorOf(err) };
    }
  });
  return { Responses: responses };
};

export const executeTransaction: DynamoOperation = (env, input, ctx) => {
  const statements = input.TransactStatements as { Statement: string; Parameters?: unknown[] }[];
  const parsed = statements.map((s) => parseStatement(String(s.Statement), s.Parameters));
  const reads = parsed.filter((s) => s.kind === 'select');
  if (reads.length !== 0 && reads.length !== parsed.length) throw validation('Transaction must consist of either all read or all write statements');
  if (reads.length > 0) {
    return {
      Responses: env.store.transaction(() =>
        (parsed as Extract<Statement, { kind: 'select' }>[]).map((statement) => {
          const { item } = singleItemRead(env, ctx, statement);
          return item ? { Item: item } : {};
        }),
      ),
    };
  }
  const plans = (parsed as Exclude<Statement, { kind: 'select' }>[]).map((s) => planStatement(env, ctx, s));
  const ids = plans.map((p) => `${p.def.id}|${JSON.stringify(storageKey(tableKeys(p.def), p.key))}`);
  if (new Set(ids).size !== ids.length) throw validation('Transaction request cannot include multiple operations on one item');
  runTransaction(env, plans);
  return {};
};
