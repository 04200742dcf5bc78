import { compileRegex, PatternSyntaxError, type Token } from './lexer.js';

/** One value test of a JSON selector or a delimited field: `= 4*`, `!= "x"`, `> 100`, `= %re%`. */
export type ValueTest = (value: unknown) => boolean;

type Op = '=' | '!=' | '<' | '>' | '<=' | '>=';

/**
 * Builds the test for `op value`. Numbers compare numerically (`=`/`!=` too, when the value is a
 * number); strings compare exactly, `*` matching any run of characters; `%regex%` must match.
 */
export function compileComparison(op: Op, value: Token): ValueTest {
  if (value.kind === 'regex') {
    if (op !== '=' && op !== '!=') throw new PatternSyntaxError(`a regular expression can only be compared with = or !=`);
    const regex = compileRegex(value.value);
    return op === '=' ? (v) => isScalar(v) && regex.test(String(v)) : (v) => isScalar(v) && !regex.test(String(v));
  }
  if (value.kind !== 'word' && value.kind !== 'string') throw new PatternSyntaxError(`expected a value after ${op}`);
  const number = value.kind === 'word' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.value) ? Number(value.value) : undefined;
  if (op !== '=' && op !== '!=') {
    if (number === undefined) throw new PatternSyntaxError(`${op} needs a number, not ${value.value}`);
    return (v) => {
      const n = numeric(v);
      if (n === undefined) return false;
      return op === '<' ? n < number : op === '>' ? n > number : op === '<=' ? n <= number : n >= number;
    };
  }
  const equal = number !== undefined ? numberEquals(number, value.value) : stringEquals(value.value);
  return op === '=' ? (v) => isScalar(v) && equal(v) : (v) => isScalar(v) && !equal(v);
}

function numberEquals(number: number, text: string): ValueTest {
  return (v) => {
    const n = numeric(v);
    return n !== undefined ? n === number : String(v) === text;
  };
}

function stringEquals(pattern: string): ValueTest {
  if (!pattern.includes('*')) return (v) => String(v) === pattern;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 's');
  return (v) => regex.test(String(v));
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
