/** Conditions, filters and projections applied to an item, with DynamoDB's semantics. */
import { type AttributeValue, compareScalars, type Item, typeOf, valuesEqual } from '../values.js';
import type { Condition, Operand, PathNode } from './ast.js';

/** The value at a document path, or undefined when any step is missing or of the wrong type. */
export function resolvePath(item: Item | undefined, path: PathNode): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = { M: item };
  for (const element of path.elements) {
    if (current === undefined) return undefined;
    if (typeof element === 'number') current = 'L' in current ? (current as { L: AttributeValue[] }).L[element] : undefined;
    else current = 'M' in current && Object.hasOwn(current.M, element) ? current.M[element] : undefined;
  }
  return current;
}

function operandValue(item: Item | undefined, operand: Operand): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  if (operand.kind === 'path') return resolvePath(item, operand);
  const value = resolvePath(item, operand.path);
  if (value === undefined) return undefined;
  const size = sizeOf(value);
  return size === undefined ? undefined : { N: String(size) };
}

function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return [...value.S].length;
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  return undefined;
}

export function evaluate(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, item) && evaluate(condition.right, item);
    case 'or':
      return evaluate(condition.left, item) || evaluate(condition.right, item);
    case 'not':
      return !evaluate(condition.condition, item);
    case 'compare': {
      const left = operandValue(item, condition.left);
      const right = operandValue(item, condition.right);
      // A missing attribute is unequal to any value.
      if (condition.op === '<>') return left === undefined || right === undefined ? left !== right : !valuesEqual(left, right);
      if (left === undefined || right === undefined) return false;
      if (condition.op === '=') return valuesEqual(left, right);
      const order = compareScalars(left, right);
      if (order === undefined) return false;
      return condition.op === '<' ? order < 0 : condition.op === '<=' ? order <= 0 : condition.op === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const value = operandValue(item, condition.value);
      const low = operandValue(item, condition.low);
      const high = operandValue(item, condition.high);
      if (!value || !low || !high) return false;
      const a = compareScalars(value, low);
      const b = compareScalars(value, high);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case 'in': {
      const value = operandValue(item, condition.value);
      if (!value) return false;
      return condition.list.some((candidate) => {
        const other = operandValue(item, candidate);
        return other !== undefined && valuesEqual(value, other);
      });
    }
    case 'function':
      return evaluateFunction(condition, item);
  }
}

function evaluateFunction(condition: Extract<Condition, { kind: 'function' }>, item: Item | undefined): boolean {
  switch (condition.name) {
    case 'attribute_exists':
      return resolvePath(item, condition.path) !== undefined;
    case 'attribute_not_exists':
      return resolvePath(item, condition.path) === undefined;
    case 'attribute_type': {
      const value = resolvePath(item, condition.path);
      const type = operandValue(item, condition.type);
      return value !== undefined && type !== undefined && 'S' in type && typeOf(value) === type.S;
    }
    case 'begins_with': {
      const value = operandValue(item, condition.args[0]);
      const prefix = operandValue(item, condition.args[1]);
      if (!value || !prefix) return false;
      if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
      if ('B' in value && 'B' in prefix) {
        const v = Buffer.from(value.B, 'base64');
        const p = Buffer.from(prefix.B, 'base64');
        return v.subarray(0, p.length).equals(p);
      }
      return false;
    }
    case 'contains': {
      const value = operandValue(item, condition.args[0]);
      const member = operandValue(item, condition.args[1]);
      if (!value || !member) return false;
      if ('S' in value) return 'S' in member && value.S.includes(member.S);
      if ('B' in value) return 'B' in member && Buffer.from(value.B, 'base64').includes(Buffer.from(member.B, 'base64'));
      if ('SS' in value) return 'S' in member && value.SS.includes(member.S);
      if ('NS' in value) return 'N' in member && value.NS.some((n) => valuesEqual({ N: n }, member));
      if ('BS' in value) return 'B' in member && value.BS.includes(member.B);
      if ('L' in value) return value.L.some((element) => valuesEqual(element, member));
      return false;
    }
  }
}

/** The item cut down to the given paths, nested as they were (list elements keep their order). */
export function project(item: Item, paths: readonly PathNode[]): Item {
  const out: { M: Item } = { M: {} };
  for (const path of paths) {
    const value = resolvePath(item, path);
    if (value === undefined) continue;
    let target: AttributeValue = out;
    let source: AttributeValue = { M: item };
    path.elements.forEach((element, i) => {
      const last = i === path.elements.length - 1;
      const sourceChild: AttributeValue = typeof element === 'number' ? (source as { L: AttributeValue[] }).L[element]! : (source as { M: Item }).M[element]!;
      if (typeof element === 'number') {
        const list = (target as { L: (AttributeValue | undefined)[] & { sparse?: Record<number, AttributeValue> } }).L;
        const slots = sparseOf(list);
        if (last) slots.set(element, structuredClone(sourceChild));
        else if (!slots.has(element)) slots.set(element, emptyLike(sourceChild));
        target = slots.get(element)!;
      } else {
        const map = (target as { M: Item }).M;
        if (last) map[element] = structuredClone(sourceChild);
        else if (!map[element]) map[element] = emptyLike(sourceChild);
        target = map[element]!;
      }
      source = sourceChild;
    });
  }
  return compactLists(out).M;
}

const SPARSE = new WeakMap<object, Map<number, AttributeValue>>();

function sparseOf(list: unknown[]): Map<number, AttributeValue> {
  let slots = SPARSE.get(list);
  if (!slots) {
    slots = new Map();
    SPARSE.set(list, slots);
  }
  return slots;
}

function emptyLike(value: AttributeValue): AttributeValue {
  return 'L' in value ? { L: [] } : { M: {} };
}

/** Projected list elements come back in their original order, without gaps. */
function compactLists<T extends AttributeValue>(value: T): T {
  if ('L' in value) {
    const slots = SPARSE.get(value.L);
    if (slots) {
      const entries = [...slots.entries()].sort((a, b) => a[0] - b[0]);
      value.L.splice(0, value.L.length, ...entries.map(([, v]) => compactLists(v)));
    }
  } else if ('M' in value) {
    for (const child of Object.values(value.M)) compactLists(child);
  }
  return value;
}
