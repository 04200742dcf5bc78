/**
 * Validation as data: an operation's input members described as Smithy shapes (type, required,
 * length, range, pattern, enum, nested members), checked by one engine that words every violation
 * as AWS does: `1 validation error detected: Value 'x' at 'functionName' failed to satisfy
 * constraint: Member must satisfy regular expression pattern: ...`.
 *
 * Input is keyed by the model's member names (PascalCase, as in the JSON body); messages name a
 * member by its camelCase path (`environment.variables`, `filterCriteria.filters.1.member.pattern`).
 * A member's constraints are checked, and every failing one reported, in the order its shape lists
 * them.
 */
import { AwsError } from './aws-error.js';
import { JavaDouble, renderValue } from './constraint-values.js';

/** Inclusive bounds: string length, list or map size, blob bytes, or a number's value. */
export interface Bounds {
  min?: number;
  max?: number;
  /** Word any range failure (and a value that is not an integer) as `Member must have value between min and max`. */
  between?: true;
}

interface Common {
  required?: boolean;
  /** AWS leaves a sensitive member's value out of its messages (`Value at 'x' ...`). */
  sensitive?: boolean;
}

export interface StringShape extends Common {
  type: 'string';
  length?: Bounds;
  /** The model's pattern, as AWS quotes it; a value must match all of it. */
  pattern?: string;
  /** The expression the service really applies when it is stricter than the quoted pattern. */
  matches?: RegExp;
  enum?: readonly string[];
}

export interface NumberShape extends Common {
  /** A `double` is printed as Java prints one (`2.0`), in its bounds and in the value quoted. */
  type: 'integer' | 'long' | 'double';
  range?: Bounds;
  /** Bound to a query string, header or path: the value arrives as text and is read as a number. */
  fromText?: true;
}

export interface BooleanShape extends Common {
  type: 'boolean';
}

export interface BlobShape extends Common {
  type: 'blob';
  length?: Bounds;
}

export interface ListShape extends Common {
  type: 'list';
  member: Shape;
  length?: Bounds;
}

export interface MapShape extends Common {
  type: 'map';
  key?: StringShape;
  value?: Shape;
  length?: Bounds;
}

export interface StructureShape extends Common {
  type: 'structure';
  /** By the model's member name (`FunctionName`); messages use its camelCase (`functionName`). */
  members: Readonly<Record<string, Shape>>;
}

export type Shape = StringShape | NumberShape | BooleanShape | BlobShape | ListShape | MapShape | StructureShape;

/** One failed constraint of one member. */
export interface Violation {
  /** The member's path as AWS names it, e.g. `tracingConfig.mode`. */
  at: string;
  value: unknown;
  /** e.g. `Member must not be null`. */
  constraint: string;
  sensitive?: boolean;
}

/** The constraint texts, as AWS words them. */
export const constraint = {
  notNull: () => 'Member must not be null',
  integer: () => 'Member must be an integer',
  lengthAtMost: (n: number) => `Member must have length less than or equal to ${n}`,
  lengthAtLeast: (n: number) => `Member must have length greater than or equal to ${n}`,
  valueAtMost: (n: number) => `Member must have value less than or equal to ${n}`,
  valueAtLeast: (n: number) => `Member must have value greater than or equal to ${n}`,
  valueBetween: (min: number, max: number) => `Member must have value between ${min} and ${max}`,
  pattern: (pattern: string) => `Member must satisfy regular expression pattern: ${pattern}`,
  enum: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`,
  /** A list member's shape, described whole: `Member must satisfy constraint: [...]`. */
  listMember: (described: readonly string[]) => `Member must satisfy constraint: [${described.join(', ')}]`,
  mapKeys: (described: readonly string[]) => `Map keys must satisfy constraint: [${described.join(', ')}]`,
  mapValues: (described: readonly string[]) => `Map value must satisfy constraint: [${described.join(', ')}]`,
};

/** Every violation of `input` against a structure's members, in the order the shape lists them. */
export function validate(shape: StructureShape, input: unknown, at = ''): Violation[] {
  const violations: Violation[] = [];
  checkMembers(shape, input, at, violations);
  return violations;
}

/** `Value 'x' at 'member' failed to satisfy constraint: ...`; `unquoted` is Lambda's older wording (`Value x at`). */
export function describeViolation(violation: Violation, options: { unquoted?: boolean } = {}): string {
  const { at, value, sensitive } = violation;
  let shown: string;
  if (value === undefined || value === null) shown = 'null ';
  else if (sensitive) shown = '';
  else shown = options.unquoted ? `${renderValue(value)} ` : `'${renderValue(value)}' `;
  return `Value ${shown}at '${at}' failed to satisfy constraint: ${violation.constraint}`;
}

/** Smithy's `N validation error(s) detected: ...; ...`. */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => describeViolation(v)).join('; ')}`;
}

/** The 400 ValidationException that carries the violations. */
export function validationException(violations: readonly Violation[]): AwsError {
  return new AwsError('ValidationException', validationMessage(violations), 400);
}

/** Throws the ValidationException for `input` when it violates `shape`. */
export function assertValid(shape: StructureShape, input: unknown, at = ''): void {
  const violations = validate(shape, input, at);
  if (violations.length > 0) throw validationException(violations);
}

/** A structure of the given members: the usual way to declare an operation's input. */
export function structure(members: Readonly<Record<string, Shape>>, options: Common = {}): StructureShape {
  return { type: 'structure', members, ...options };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function join(at: string, name: string): string {
  return at === '' ? name : `${at}.${name}`;
}

function checkMembers(shape: StructureShape, input: unknown, at: string, out: Violation[]): void {
  const record = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  for (const [name, member] of Object.entries(shape.members)) {
    checkShape(member, record[name], join(at, lowerFirst(name)), out);
  }
}

function checkShape(shape: Shape, given: unknown, at: string, out: Violation[]): void {
  let value = given;
  if (value === undefined || value === null) {
    if (shape.required) out.push({ at, value: null, constraint: constraint.notNull() });
    return;
  }
  if (shape.type === 'list' && !Array.isArray(value)) value = [value];
  const shown = asJava(shape, value);
  const fail = (text: string) => out.push({ at, value: shown, constraint: text, ...(shape.sensitive ? { sensitive: true } : {}) });
  for (const failed of failures(shape, value)) fail(failed);
  if (shape.type === 'structure') checkMembers(shape, value, at, out);
  else if (shape.type === 'list' && Array.isArray(value) && isComposite(shape.member)) {
    value.forEach((item, i) => {
      checkShape(shape.member, item, `${at}.${i + 1}.member`, out);
    });
  }
}

/** The value as the service's Java model holds it: doubles print as `2.0`. */
function asJava(shape: Shape, value: unknown): unknown {
  if (shape.type === 'double' && typeof value === 'number') return new JavaDouble(value);
  if (shape.type === 'map' && shape.value?.type === 'double' && value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? new JavaDouble(v) : v]));
  }
  return value;
}

/** The failed constraints of a value itself (a list's or map's own bounds and its scalar members). */
function failures(shape: Shape, value: unknown): string[] {
  switch (shape.type) {
    case 'string':
      return stringFailures(shape, String(value));
    case 'integer':
    case 'long':
    case 'double':
      return numberFailures(shape, value);
    case 'blob':
      return boundsFailures(shape.length, blobLength(value), 'length');
    case 'list':
      return listFailures(shape, value);
    case 'map':
      return mapFailures(shape, value);
    default:
      return [];
  }
}

function shapeKeys(shape: Shape): string[] {
  return Object.keys(shape).filter((k) => k !== 'type' && k !== 'required' && k !== 'sensitive' && k !== 'fromText');
}

function stringFailures(shape: StringShape, text: string): string[] {
  const out: string[] = [];
  for (const key of shapeKeys(shape)) {
    if (key === 'length') out.push(...boundsFailures(shape.length, text.length, 'length'));
    else if (key === 'pattern' && shape.pattern !== undefined && !(shape.matches ?? compiled(shape.pattern)).test(text)) {
      out.push(constraint.pattern(shape.pattern));
    } else if (key === 'enum' && shape.enum !== undefined && !shape.enum.includes(text)) out.push(constraint.enum(shape.enum));
  }
  return out;
}

function numberFailures(shape: NumberShape, value: unknown): string[] {
  const n = shape.fromText && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || (shape.type !== 'double' && !Number.isInteger(n))) {
    const range = shape.range;
    return [range?.between && range.min !== undefined && range.max !== undefined ? constraint.valueBetween(range.min, range.max) : constraint.integer()];
  }
  return boundsFailures(shape.range, n, 'value', shape.type === 'double');
}

function listFailures(shape: ListShape, value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  const memberFails = !isComposite(shape.member) && items.some((item) => item === null || item === undefined || failures(shape.member, item).length > 0);
  for (const key of shapeKeys(shape)) {
    if (key === 'length') out.push(...boundsFailures(shape.length, items.length, 'length'));
    else if (key === 'member' && memberFails) out.push(constraint.listMember(describeShape(shape.member)));
  }
  return out;
}

function mapFailures(shape: MapShape, value: unknown): string[] {
  const entries = value !== null && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
  const out: string[] = [];
  for (const key of shapeKeys(shape)) {
    if (key === 'length') out.push(...boundsFailures(shape.length, entries.length, 'length'));
    else if (key === 'key' && shape.key && entries.some(([k]) => failures(shape.key!, k).length > 0)) out.push(constraint.mapKeys(describeShape(shape.key)));
    else if (
      key === 'value' &&
      shape.value &&
      entries.some(([, v]) => (v === null || v === undefined ? shape.value!.required === true : failures(shape.value!, v).length > 0))
    ) {
      out.push(constraint.mapValues(describeShape(shape.value)));
    }
  }
  return out;
}

function boundsFailures(bounds: Bounds | undefined, n: number, of: 'length' | 'value', double = false): string[] {
  if (!bounds) return [];
  const { min, max } = bounds;
  if (double) {
    if (min !== undefined && n < min) return [`Member must have value greater than or equal to ${new JavaDouble(min)}`];
    if (max !== undefined && n > max) return [`Member must have value less than or equal to ${new JavaDouble(max)}`];
    return [];
  }
  const low = min !== undefined && n < min;
  const high = max !== undefined && n > max;
  if (!low && !high) return [];
  if (of === 'value' && bounds.between && min !== undefined && max !== undefined) return [constraint.valueBetween(min, max)];
  if (of === 'length') return [low ? constraint.lengthAtLeast(min!) : constraint.lengthAtMost(max!)];
  return [low ? constraint.valueAtLeast(min!) : constraint.valueAtMost(max!)];
}

/**
 * Every constraint of a list member's or map key's shape, as AWS lists them inside `[...]`: the
 * upper bound before the lower one, then the pattern or enum, then `Member must not be null`.
 */
function describeShape(shape: Shape): string[] {
  const out: string[] = [];
  const bounds = (b: Bounds | undefined, of: 'length' | 'value') => {
    if (!b) return;
    if (of === 'value' && b.between && b.min !== undefined && b.max !== undefined) {
      out.push(constraint.valueBetween(b.min, b.max));
      return;
    }
    const n = (x: number) => (shape.type === 'double' ? String(new JavaDouble(x)) : x);
    if (b.max !== undefined) out.push(of === 'length' ? constraint.lengthAtMost(b.max) : `Member must have value less than or equal to ${n(b.max)}`);
    if (b.min !== undefined) out.push(of === 'length' ? constraint.lengthAtLeast(b.min) : `Member must have value greater than or equal to ${n(b.min)}`);
  };
  for (const key of shapeKeys(shape)) {
    if (key === 'length') bounds((shape as { length?: Bounds }).length, 'length');
    else if (key === 'range') bounds((shape as NumberShape).range, 'value');
    else if (key === 'pattern' && shape.type === 'string' && shape.pattern !== undefined) out.push(constraint.pattern(shape.pattern));
    else if (key === 'enum' && shape.type === 'string' && shape.enum !== undefined) out.push(constraint.enum(shape.enum));
  }
  if (shape.required) out.push(constraint.notNull());
  return out;
}

/** Structures (and lists of them) report their members' violations at their own paths. */
function isComposite(shape: Shape): boolean {
  return shape.type === 'structure';
}

function blobLength(value: unknown): number {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value.length;
  return Buffer.byteLength(String(value));
}

const PATTERNS = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let re = PATTERNS.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    PATTERNS.set(pattern, re);
  }
  return re;
}
