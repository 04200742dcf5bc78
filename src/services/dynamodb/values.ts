/**
 * Attribute values in their wire form (`{"S": "x"}`, `{"N": "1"}`, `{"M": {...}}`): the checks
 * DynamoDB applies to every value it is given, equality and ordering, and its item size count.
 */
import { AwsError } from '../../protocols/aws-error.js';
import { compareNumbers, normaliseNumber, numberSize } from './numbers.js';

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Item }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };
export type Item = Record<string, AttributeValue>;
export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

export const MAX_ITEM_BYTES = 400 * 1024;

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', `One or more parameter values were invalid: ${message}`, 400);
}

export function typeOf(value: AttributeValue): AttributeType {
  return Object.keys(value)[0] as AttributeType;
}

/**
 * Checks one value as given in a request and returns it normalised (numbers in DynamoDB's form,
 * binaries re-encoded). Throws AWS's ValidationException for the first problem found.
 */
export function checkValue(raw: unknown): AttributeValue {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AwsError('ValidationException', 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes', 400);
  }
  const entries = Object.entries(raw as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0)
    throw new AwsError('ValidationException', 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes', 400);
  if (entries.length > 1)
    throw new AwsError(
      'ValidationException',
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      400,
    );
  const [type, v] = entries[0]!;
  switch (type) {
    case 'S':
      if (typeof v !== 'string') throw serialization();
      return { S: v };
    case 'N':
      if (typeof v !== 'string') throw serialization();
      return { N: normaliseNumber(v) };
    case 'B':
      return { B: binary(v) };
    case 'BOOL':
      if (typeof v !== 'boolean') throw serialization();
      return { BOOL: v };
    case 'NULL':
      if (v !== true)
        throw new AwsError('ValidationException', 'One or more parameter values were invalid: Null attribute value types must have the value of true', 400);
      return { NULL: true };
    case 'SS':
    case 'NS':
    case 'BS':
      return checkSet(type, v);
    case 'L':
      if (!Array.isArray(v)) throw serialization();
      return { L: v.map(checkValue) };
    case 'M': {
      if (typeof v !== 'object' || Array.isArray(v)) throw serialization();
      const out: Item = {};
      for (const [name, member] of Object.entries(v as Record<string, unknown>)) out[name] = checkValue(member);
      return { M: out };
    }
    default:
      throw new AwsError('SerializationException', `Unexpected field type`, 400);
  }
}

function serialization(): AwsError {
  return new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
}

function binary(v: unknown): string {
  if (typeof v !== 'string') throw serialization();
  return Buffer.from(v, 'base64').toString('base64');
}

function checkSet(type: 'SS' | 'NS' | 'BS', v: unknown): AttributeValue {
  if (!Array.isArray(v)) throw serialization();
  if (v.length === 0) {
    if (type === 'SS') throw invalid('An string set  may not be empty');
    if (type === 'NS') throw invalid('An number set  may not be empty');
    throw invalid('Binary sets should not be empty');
  }
  const members = v.map((m) => {
    if (typeof m !== 'string') throw serialization();
    return type === 'NS' ? normaliseNumber(m) : type === 'BS' ? binary(m) : m;
  });
  if (new Set(members).size !== members.length) throw invalid(`Input collection [${v.join(', ')}] contains duplicates.`);
  return { [type]: members } as AttributeValue;
}

/** Checks an item's values (an item from a request). */
export function checkItem(raw: unknown): Item {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Item = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) out[name] = checkValue(value);
  return out;
}

export function valuesEqual(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  const va = (a as Record<string, unknown>)[ta];
  const vb = (b as Record<string, unknown>)[ta];
  switch (ta) {
    case 'N':
      return compareNumbers(va as string, vb as string) === 0;
    case 'SS':
    case 'BS':
    case 'NS': {
      const sa = va as string[];
      const sb = vb as string[];
      if (sa.length !== sb.length) return false;
      if (ta === 'NS') return sa.every((x) => sb.some((y) => compareNumbers(x, y) === 0));
      const set = new Set(sb);
      return sa.every((x) => set.has(x));
    }
    case 'L': {
      const la = va as AttributeValue[];
      const lb = vb as AttributeValue[];
      return la.length === lb.length && la.every((x, i) => valuesEqual(x, lb[i]));
    }
    case 'M':
      return itemsEqual(va as Item, vb as Item);
    default:
      return va === vb;
  }
}

export function itemsEqual(a: Item, b: Item): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]));
}

/** Ordering of two scalars of the same type (S by UTF-8 bytes, N numerically, B by bytes); undefined otherwise. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return undefined;
  if (ta === 'N') return compareNumbers((a as { N: string }).N, (b as { N: string }).N);
  if (ta === 'S') return Buffer.compare(Buffer.from((a as { S: string }).S), Buffer.from((b as { S: string }).S));
  if (ta === 'B') return Buffer.compare(Buffer.from((a as { B: string }).B, 'base64'), Buffer.from((b as { B: string }).B, 'base64'));
  return undefined;
}

/** DynamoDB's size of a value, in bytes. */
export function valueSize(value: AttributeValue): number {
  const type = typeOf(value);
  const v = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return Buffer.byteLength(v as string);
    case 'N':
      return numberSize(v as string);
    case 'B':
      return Buffer.from(v as string, 'base64').length;
    case 'SS':
      return (v as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
    case 'NS':
      return (v as string[]).reduce((n, s) => n + numberSize(s), 0);
    case 'BS':
      return (v as string[]).reduce((n, s) => n + Buffer.from(s, 'base64').length, 0);
    case 'L':
      return 3 + (v as AttributeValue[]).reduce((n, x) => n + 1 + valueSize(x), 0);
    case 'M':
      return 3 + Object.entries(v as Item).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + valueSize(x), 0);
    default:
      return 1;
  }
}

export function itemSize(item: Item): number {
  let n = 0;
  for (const [name, value] of Object.entries(item)) n += Buffer.byteLength(name) + valueSize(value);
  return n;
}

export function checkItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw new AwsError('ValidationException', 'Item size has exceeded the maximum allowed size', 400);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
