import { StartupError } from './startup-error.js';

/** The allowed range of an integer setting. */
export interface IntRange {
  min: number;
  max: number;
}

export const PORT_RANGE: IntRange = { min: 0, max: 65_535 };
export const NON_NEGATIVE: IntRange = { min: 0, max: Number.MAX_SAFE_INTEGER };
export const POSITIVE: IntRange = { min: 1, max: Number.MAX_SAFE_INTEGER };

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** `what` names the setting as the user wrote it: `TRIBUTARY_PORT=abc` or `--port abc`. */
function invalid(what: string, expected: string): StartupError {
  return new StartupError(`${what} is not valid: expected ${expected}`, 2);
}

function describeRange(range: IntRange): string {
  if (range.max === Number.MAX_SAFE_INTEGER) return range.min === 0 ? 'a whole number (0 or more)' : `a whole number (${range.min} or more)`;
  return `a whole number from ${range.min} to ${range.max}`;
}

/** A whole number in range, written as plain digits (no sign, no fraction, no unit). */
export function parseWholeNumber(raw: string, what: string, range: IntRange = NON_NEGATIVE): number {
  const text = raw.trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) throw invalid(what, describeRange(range));
  return n;
}

/** A non-negative decimal number. */
export function parseNumber(raw: string, what: string): number {
  const text = raw.trim();
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n)) throw invalid(what, 'a number (0 or more, like 0.01)');
  return n;
}

/** 1/true/yes/on or 0/false/no/off, any case. */
export function parseBoolean(raw: string, what: string): boolean {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw invalid(what, '1 or 0 (also true/false, yes/no, on/off)');
}

/** Reads one TRIBUTARY_* variable: unset or empty means the default; anything else must be valid. */
export const envValue = {
  int(env: NodeJS.ProcessEnv, name: string, fallback: number, range: IntRange = NON_NEGATIVE): number {
    const raw = env[name];
    return raw === undefined || raw === '' ? fallback : parseWholeNumber(raw, `${name}=${raw}`, range);
  },
  number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
    const raw = env[name];
    return raw === undefined || raw === '' ? fallback : parseNumber(raw, `${name}=${raw}`);
  },
  boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
    const raw = env[name];
    return raw === undefined || raw === '' ? fallback : parseBoolean(raw, `${name}=${raw}`);
  },
};
