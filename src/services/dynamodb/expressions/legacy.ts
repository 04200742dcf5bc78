/**
 * The legacy (pre-expression) parameters, turned into the same trees the expressions parse to:
 * Expected, QueryFilter, ScanFilter and KeyConditions (with ConditionalOperator) into conditions,
 * AttributeUpdates into update actions, AttributesToGet into a projection.
 */
import { AwsError } from '../../../protocols/aws-error.js';
import { type AttributeValue, checkValue } from '../values.js';
import type { Condition, Operand, PathNode, UpdateActions, ValueNode } from './ast.js';

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', `One or more parameter values were invalid: ${message}`, 400);
}

const pathTo = (name: string): PathNode => ({ kind: 'path', elements: [name] });
const literal = (raw: unknown): ValueNode => ({ kind: 'value', value: checkValue(raw), ref: '' });

const ARITY: Record<string, number | 'many'> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  NOT_NULL: 0,
  NULL: 0,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  IN: 'many',
  BETWEEN: 2,
};

function comparison(name: string, operator: string, rawValues: unknown[] | undefined): Condition {
  const arity = ARITY[operator];
  if (arity === undefined) throw invalid(`Unsupported operator on ExpectedAttributeValue or ConditionalOperator: ${operator}`);
  const values = (rawValues ?? []).map(literal);
  if ((arity === 'many' && values.length === 0) || (arity !== 'many' && values.length !== arity)) {
    throw invalid(`Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  const path = pathTo(name);
  const [first, second] = values as [Operand, Operand];
  switch (operator) {
    case 'EQ':
      return { kind: 'compare', op: '=', left: path, right: first };
    case 'NE':
      return { kind: 'compare', op: '<>', left: path, right: first };
    case 'LE':
      return { kind: 'compare', op: '<=', left: path, right: first };
    case 'LT':
      return { kind: 'compare', op: '<', left: path, right: first };
    case 'GE':
      return { kind: 'compare', op: '>=', left: path, right: first };
    case 'GT':
      return { kind: 'compare', op: '>', left: path, right: first };
    case 'NOT_NULL':
      return { kind: 'function', name: 'attribute_exists', path };
    case 'NULL':
      return { kind: 'function', name: 'attribute_not_exists', path };
    case 'CONTAINS':
      return { kind: 'function', name: 'contains', args: [path, first] };
    case 'NOT_CONTAINS':
      return {
        kind: 'and',
        left: { kind: 'function', name: 'attribute_exists', path },
        right: { kind: 'not', condition: { kind: 'function', name: 'contains', args: [path, first] } },
      };
    case 'BEGINS_WITH':
      return { kind: 'function', name: 'begins_with', args: [path, first] };
    case 'IN':
      return { kind: 'in', value: path, list: values };
    default:
      return { kind: 'between', value: path, low: first, high: second };
  }
}

function combine(conditions: Condition[], operator: unknown): Condition | undefined {
  if (conditions.length === 0) return undefined;
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce((left, right) => ({ kind, left, right }));
}

/** `Expected` of PutItem, UpdateItem and DeleteItem. */
export function expectedCondition(expected: Record<string, Record<string, unknown>>, operator: unknown): Condition | undefined {
  const conditions = Object.entries(expected).map(([name, spec]): Condition => {
    if (spec.ComparisonOperator !== undefined) {
      if (spec.Value !== undefined || spec.Exists !== undefined) {
        throw invalid(`Value or Exists parameter cannot be used with ComparisonOperator for Attribute: ${name}`);
      }
      return comparison(name, String(spec.ComparisonOperator), spec.AttributeValueList as unknown[] | undefined);
    }
    if (spec.Exists === false) {
      if (spec.Value !== undefined) throw invalid(`Value cannot be used when Exists is false for Attribute: ${name}`);
      return { kind: 'function', name: 'attribute_not_exists', path: pathTo(name) };
    }
    if (spec.Value === undefined) throw invalid(`Value must be provided when Exists is true for Attribute: ${name}`);
    return { kind: 'compare', op: '=', left: pathTo(name), right: literal(spec.Value) };
  });
  return combine(conditions, operator);
}

/** QueryFilter, ScanFilter and KeyConditions: `{attr: {ComparisonOperator, AttributeValueList}}`. */
export function filterCondition(filter: Record<string, Record<string, unknown>>, operator: unknown): Condition | undefined {
  return combine(
    Object.entries(filter).map(([name, spec]) => comparison(name, String(spec.ComparisonOperator), spec.AttributeValueList as unknown[] | undefined)),
    operator,
  );
}

/** `AttributeUpdates` of UpdateItem. */
export function attributeUpdates(updates: Record<string, { Action?: string; Value?: unknown }>): UpdateActions {
  const actions: UpdateActions = { set: [], remove: [], add: [], delete: [] };
  for (const [name, update] of Object.entries(updates)) {
    const action = update.Action ?? 'PUT';
    const path = pathTo(name);
    if (action === 'PUT') {
      if (update.Value === undefined) throw invalid(`Only DELETE action is allowed when no attribute value is specified`);
      actions.set.push({ path, value: literal(update.Value) });
    } else if (action === 'DELETE') {
      if (update.Value === undefined) actions.remove.push(path);
      else {
        const value = literal(update.Value);
        if (!('SS' in value.value || 'NS' in value.value || 'BS' in value.value))
          throw invalid(`DELETE action with value is not supported for the type ${Object.keys(value.value)[0]}`);
        actions.delete.push({ path, value });
      }
    } else if (action === 'ADD') {
      if (update.Value === undefined) throw invalid('ADD action requires a value');
      const value = literal(update.Value);
      if ('L' in value.value) {
        actions.set.push({
          path,
          value: { kind: 'list_append', left: { kind: 'if_not_exists', path, fallback: { kind: 'value', value: { L: [] }, ref: '' } }, right: value },
        });
      } else if (!('N' in value.value || 'SS' in value.value || 'NS' in value.value || 'BS' in value.value)) {
        throw invalid(`ADD action is not supported for the type ${Object.keys(value.value)[0]}`);
      } else actions.add.push({ path, value });
    } else throw invalid(`Unknown action: ${action}`);
  }
  return actions;
}

export function attributesToGet(names: readonly string[]): PathNode[] {
  return names.map(pathTo);
}

export type { AttributeValue };
