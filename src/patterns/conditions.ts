/**
 * One leaf condition: compiled from its JSON form (validated as EventBridge validates it), and
 * tested against one scalar value of the event.
 */
import { compileCidr } from './cidr.js';
import type { Condition, NumericBound, Scalar } from './types.js';
import { PatternError } from './types.js';
import { compileWildcard } from './wildcard.js';

const NUMERIC_LIMIT = 5e9;

export function compileCondition(raw: unknown): Condition {
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return { op: 'equals', value: raw };
  if (typeof raw === 'number') return { op: 'equals', value: raw };
  if (Array.isArray(raw)) throw new PatternError('Match value must be String, number, true, false, or null');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length !== 1) throw new PatternError('Only one key allowed in match expression');
  const [op, operand] = entries[0]!;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return compilePrefixSuffix(op, operand);
    case 'equals-ignore-case':
      return { op, value: requireString(operand, op) };
    case 'wildcard':
      return { op, regex: compileWildcard(requireString(operand, op)) };
    case 'anything-but':
      return compileAnythingBut(operand);
    case 'numeric':
      return { op, bounds: compileNumeric(operand) };
    case 'exists':
      if (typeof operand !== 'boolean') throw new PatternError('exists match pattern must be either true or false.');
      return { op, value: operand };
    case 'cidr':
      return { op, test: compileCidr(requireString(operand, op)) };
    default:
      throw new PatternError(`Unrecognized match type ${op}`);
  }
}

function requireString(operand: unknown, op: string): string {
  if (typeof operand !== 'string') throw new PatternError(`${op} match pattern must be a string`);
  return operand;
}

function compilePrefixSuffix(op: 'prefix' | 'suffix', operand: unknown): Condition {
  if (typeof operand === 'string') return { op, value: operand, ignoreCase: false };
  if (operand && typeof operand === 'object' && !Array.isArray(operand)) {
    const inner = Object.entries(operand);
    if (inner.length === 1 && inner[0]![0] === 'equals-ignore-case' && typeof inner[0]![1] === 'string') {
      return { op, value: inner[0]![1], ignoreCase: true };
    }
  }
  throw new PatternError(`${op} match pattern must be a string or an equals-ignore-case object`);
}

function compileAnythingBut(operand: unknown): Condition {
  if (operand === null) throw new PatternError('Value of anything-but must be an array or single string/number value.');
  if (typeof operand === 'string' || typeof operand === 'number') return { op: 'anything-but', values: [operand] };
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new PatternError('Empty arrays are not allowed');
    const allStrings = operand.every((v) => typeof v === 'string');
    const allNumbers = operand.every((v) => typeof v === 'number');
    if (!allStrings && !allNumbers) throw new PatternError('Inside anything but list, start|null|boolean is not supported.');
    return { op: 'anything-but', values: operand as Scalar[] };
  }
  if (typeof operand !== 'object') throw new PatternError('Value of anything-but must be an array or single string/number value.');
  const inner = Object.entries(operand as Record<string, unknown>);
  if (inner.length !== 1) throw new PatternError('Only one key allowed in match expression');
  const [op, value] = inner[0]!;
  switch (op) {
    case 'prefix':
    case 'suffix': {
      if (typeof value !== 'string') throw new PatternError(`${op} match pattern must be a string`);
      if (value === '') throw new PatternError(`Null ${op} not allowed`);
      return op === 'prefix' ? { op: 'anything-but-prefix', value } : { op: 'anything-but-suffix', value };
    }
    case 'equals-ignore-case':
      return { op: 'anything-but-ignore-case', values: stringOrStrings(value, op) };
    case 'wildcard':
      return { op: 'anything-but-wildcard', regexes: stringOrStrings(value, op).map((w) => compileWildcard(w)) };
    default:
      throw new PatternError(`Unsupported anything-but pattern: ${op}`);
  }
}

function stringOrStrings(value: unknown, op: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  throw new PatternError(`Value of anything-but ${op} must be an array or single string value.`);
}

function compileNumeric(operand: unknown): NumericBound[] {
  if (!Array.isArray(operand) || operand.length === 0) throw new PatternError('Value of numeric must be an array.');
  const bounds: NumericBound[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const cmp = operand[i];
    const value = operand[i + 1];
    if (cmp !== '<' && cmp !== '<=' && cmp !== '=' && cmp !== '>' && cmp !== '>=')
      throw new PatternError(`Unrecognized numeric range operator: ${String(cmp)}`);
    if (typeof value !== 'number') throw new PatternError(`Value of ${cmp} must be a number`);
    if (Math.abs(value) > NUMERIC_LIMIT) throw new PatternError(`Value of ${cmp} must be between -5.0E9 and 5.0E9 inclusive`);
    bounds.push({ cmp, value });
  }
  const lower = bounds.filter((b) => b.cmp === '>' || b.cmp === '>=');
  const upper = bounds.filter((b) => b.cmp === '<' || b.cmp === '<=');
  const equal = bounds.filter((b) => b.cmp === '=');
  if (equal.length > 0 && bounds.length > 1) throw new PatternError('Numeric = must be used alone');
  if (lower.length > 1 || upper.length > 1) throw new PatternError('Too many terms in numeric range expression');
  if (lower[0] && upper[0] && lower[0].value >= upper[0].value) throw new PatternError('Bottom must be less than top');
  return bounds;
}

/** Tests one present scalar value of the event (absent fields are handled by the matcher). */
export function testCondition(c: Condition, v: Scalar): boolean {
  switch (c.op) {
    case 'equals':
      return v === c.value;
    case 'prefix':
      return typeof v === 'string' && (c.ignoreCase ? v.toLowerCase().startsWith(c.value.toLowerCase()) : v.startsWith(c.value));
    case 'suffix':
      return typeof v === 'string' && (c.ignoreCase ? v.toLowerCase().endsWith(c.value.toLowerCase()) : v.endsWith(c.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === c.value.toLowerCase();
    case 'wildcard':
      return typeof v === 'string' && c.regex.test(v);
    case 'anything-but':
      return !c.values.includes(v);
    case 'anything-but-prefix':
      return typeof v !== 'string' || !v.startsWith(c.value);
    case 'anything-but-suffix':
      return typeof v !== 'string' || !v.endsWith(c.value);
    case 'anything-but-ignore-case':
      return typeof v !== 'string' || !c.values.some((s) => s.toLowerCase() === v.toLowerCase());
    case 'anything-but-wildcard':
      return typeof v !== 'string' || !c.regexes.some((r) => r.test(v));
    case 'numeric':
      return typeof v === 'number' && c.bounds.every((b) => compare(v, b));
    case 'exists':
      return c.value;
    case 'cidr':
      return typeof v === 'string' && c.test(v);
  }
}

function compare(v: number, b: NumericBound): boolean {
  switch (b.cmp) {
    case '<':
      return v < b.value;
    case '<=':
      return v <= b.value;
    case '=':
      return v === b.value;
    case '>':
      return v > b.value;
    case '>=':
      return v >= b.value;
  }
}
