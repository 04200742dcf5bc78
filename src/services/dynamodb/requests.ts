/**
 * What item requests share: their expressions (or the legacy parameters they replace, never both),
 * the condition check and its failure, ReturnValues, consumed capacity and item collection metrics.
 */
import { AwsError } from '../../protocols/aws-error.js';
import type { Condition, PathNode, UpdateActions } from './expressions/ast.js';
import { evaluate, project } from './expressions/evaluate.js';
import { attributesToGet, attributeUpdates, expectedCondition, filterCondition } from './expressions/legacy.js';
import { type ExpressionKind, parseCondition, parseProjection, parseUpdate } from './expressions/parser.js';
import { Placeholders } from './expressions/placeholders.js';
import { type TableDef, tableKeys } from './table-model.js';
import { type Item, itemSize } from './values.js';

const PAIRS: Record<string, string> = {
  Expected: 'ConditionExpression',
  AttributeUpdates: 'UpdateExpression',
  AttributesToGet: 'ProjectionExpression',
  QueryFilter: 'FilterExpression',
  ScanFilter: 'FilterExpression',
  KeyConditions: 'KeyConditionExpression',
};
const EXPRESSION_PARAMS = ['ConditionExpression', 'UpdateExpression', 'ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'];

export interface ParsedExpressions {
  condition?: Condition;
  update?: UpdateActions;
  projection?: PathNode[];
  filter?: Condition;
  keyCondition?: Condition;
  /** Set when the request used the legacy parameters. */
  legacy: boolean;
}

/** Parses a request's expressions in AWS's order, then checks every placeholder was used. */
export function parseExpressions(input: Record<string, unknown>): ParsedExpressions {
  const legacyUsed = Object.keys(PAIRS).filter((k) => input[k] !== undefined);
  const expressionUsed = EXPRESSION_PARAMS.filter((k) => input[k] !== undefined);
  if (legacyUsed.length > 0 && expressionUsed.length > 0) {
    throw new AwsError(
      'ValidationException',
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacyUsed.join(', ')}} Expression parameters: {${expressionUsed.join(', ')}}`,
      400,
    );
  }
  const names = input.ExpressionAttributeNames as Record<string, string> | undefined;
  const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
  if (expressionUsed.length === 0) {
    if (names !== undefined) throw new AwsError('ValidationException', 'ExpressionAttributeNames can only be specified when using expressions', 400);
    if (values !== undefined) throw new AwsError('ValidationException', 'ExpressionAttributeValues can only be specified when using expressions', 400);
    const out: ParsedExpressions = { legacy: legacyUsed.length > 0 };
    const operator = input.ConditionalOperator;
    if (input.Expected) out.condition = expectedCondition(input.Expected as Record<string, Record<string, unknown>>, operator);
    if (input.AttributeUpdates) out.update = attributeUpdates(input.AttributeUpdates as Record<string, { Action?: string; Value?: unknown }>);
    if (input.AttributesToGet) out.projection = attributesToGet(input.AttributesToGet as string[]);
    const filter = (input.QueryFilter ?? input.ScanFilter) as Record<string, Record<string, unknown>> | undefined;
    if (filter) out.filter = filterCondition(filter, operator);
    if (input.KeyConditions) out.keyCondition = filterCondition(input.KeyConditions as Record<string, Record<string, unknown>>, 'AND');
    return out;
  }
  if (input.ConditionalOperator !== undefined) {
    throw new AwsError(
      'ValidationException',
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {${expressionUsed.join(', ')}}`,
      400,
    );
  }
  const placeholders = new Placeholders(names, values);
  const out: ParsedExpressions = { legacy: false };
  const text = (k: string) => String(input[k]);
  const kinds: [string, ExpressionKind][] = [
    ['KeyConditionExpression', 'KeyConditionExpression'],
    ['UpdateExpression', 'UpdateExpression'],
    ['ConditionExpression', 'ConditionExpression'],
    ['FilterExpression', 'FilterExpression'],
    ['ProjectionExpression', 'ProjectionExpression'],
  ];
  for (const [param, kind] of kinds) {
    if (input[param] === undefined) continue;
    if (kind === 'UpdateExpression') out.update = parseUpdate(text(param), placeholders);
    else if (kind === 'ProjectionExpression') out.projection = parseProjection(text(param), placeholders);
    else {
      const condition = parseCondition(text(param), placeholders, kind);
      if (kind === 'KeyConditionExpression') out.keyCondition = condition;
      else if (kind === 'ConditionExpression') out.condition = condition;
      else out.filter = condition;
    }
  }
  placeholders.assertAllUsed();
  return out;
}

export function conditionFailed(old: Item | undefined, returnOnFailure: unknown): AwsError {
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed', 400, returnOnFailure === 'ALL_OLD' && old ? { Item: old } : {});
}

export function checkCondition(condition: Condition | undefined, old: Item | undefined, returnOnFailure: unknown): void {
  if (condition && !evaluate(condition, old)) throw conditionFailed(old, returnOnFailure);
}

export function applyProjection(item: Item, projection: PathNode[] | undefined): Item {
  return projection ? project(item, projection) : item;
}

export function assertReturnValues(value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && value !== 'NONE' && !allowed.includes(String(value))) {
    throw new AwsError('ValidationException', `ReturnValues can only be ${allowed.join(' or ')} or NONE`, 400);
  }
}

export function writeUnits(...items: (Item | undefined)[]): number {
  const size = Math.max(0, ...items.map((i) => (i ? itemSize(i) : 0)));
  return Math.max(1, Math.ceil(size / 1024));
}

export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

/** ConsumedCapacity as AWS reports it for `mode` (TOTAL or INDEXES); undefined for NONE. */
export function consumedCapacity(def: TableDef, mode: unknown, units: number, indexUnits: Record<string, number> = {}): Record<string, unknown> | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const total = units + Object.values(indexUnits).reduce((a, b) => a + b, 0);
  const out: Record<string, unknown> = { TableName: def.name, CapacityUnits: total };
  if (mode === 'INDEXES') {
    out.Table = { CapacityUnits: units };
    const gsis = Object.entries(indexUnits).filter(([name]) => def.gsis.some((g) => g.IndexName === name));
    const lsis = Object.entries(indexUnits).filter(([name]) => def.lsis.some((l) => l.IndexName === name));
    if (gsis.length > 0) out.GlobalSecondaryIndexes = Object.fromEntries(gsis.map(([n, u]) => [n, { CapacityUnits: u }]));
    if (lsis.length > 0) out.LocalSecondaryIndexes = Object.fromEntries(lsis.map(([n, u]) => [n, { CapacityUnits: u }]));
  }
  return out;
}

/** The write units each index spends on a write (an index holds the item when it has the index's keys). */
export function indexWriteUnits(def: TableDef, old: Item | undefined, next: Item | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const index of [...def.gsis, ...def.lsis]) {
    const holds = (item: Item | undefined) => item !== undefined && index.KeySchema.every((k) => item[k.AttributeName] !== undefined);
    const writes = (holds(old) ? 1 : 0) + (holds(next) ? 1 : 0);
    if (writes > 0) out[index.IndexName] = writes * writeUnits(old, next);
  }
  return out;
}

/** ItemCollectionMetrics: only tables with local secondary indexes have item collections. */
export function itemCollectionMetrics(def: TableDef, mode: unknown, item: Item | undefined): Record<string, unknown> | undefined {
  if (mode !== 'SIZE' || def.lsis.length === 0 || !item) return undefined;
  const hash = tableKeys(def).hash;
  return { ItemCollectionKey: { [hash]: item[hash] }, SizeEstimateRangeGB: [0, 1] };
}

/** Adds the members that are defined. */
export function withDefined(out: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}
