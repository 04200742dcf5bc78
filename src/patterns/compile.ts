/** Validates a pattern (JSON text or parsed value) and compiles it into a PatternNode tree. */
import { compileCondition } from './conditions.js';
import type { LeafPattern, ObjectPattern, PatternNode } from './types.js';
import { PatternError } from './types.js';

const MAX_OR_COMBINATIONS = 1000;

export function compilePattern(input: unknown): ObjectPattern {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new PatternError(`Filter is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PatternError('Filter is not an object');
  const pattern = compileObject(value as Record<string, unknown>, '');
  if (combinations(pattern) > MAX_OR_COMBINATIONS) throw new PatternError('The rule has too many combinations of $or');
  return pattern;
}

function compileObject(raw: Record<string, unknown>, where: string): ObjectPattern {
  const node: ObjectPattern = { kind: 'object', fields: new Map(), ors: [] };
  const keys = Object.keys(raw);
  if (keys.length === 0) throw new PatternError(`Empty objects are not allowed${where ? ` at ${where}` : ''}`);
  for (const key of keys) {
    const value = raw[key];
    if (key === '$or') {
      node.ors.push(compileOr(value, where));
      continue;
    }
    const path = `${where ? `${where}.` : ''}${key}`;
    insert(node, key.split('.'), compileValue(value, path));
  }
  return node;
}

function compileOr(value: unknown, where: string): ObjectPattern[] {
  if (!Array.isArray(value) || value.length < 2) throw new PatternError('Value of $or must be an array of at least two objects');
  return value.map((alt) => {
    if (alt === null || typeof alt !== 'object' || Array.isArray(alt)) throw new PatternError('Each $or alternative must be an object');
    return compileObject(alt as Record<string, unknown>, where);
  });
}

function compileValue(value: unknown, path: string): PatternNode {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PatternError(`Empty arrays are not allowed at ${path}`);
    const leaf: LeafPattern = { kind: 'leaf', conditions: value.map(compileCondition) };
    return leaf;
  }
  if (value !== null && typeof value === 'object') return compileObject(value as Record<string, unknown>, path);
  throw new PatternError(`"${path}" must be an object or an array`);
}

/** Dotted keys (`"state.status"`) become nested fields, merged with any nested pattern there. */
function insert(node: ObjectPattern, segments: string[], value: PatternNode): void {
  const [head, ...rest] = segments as [string, ...string[]];
  if (rest.length === 0) {
    const existing = node.fields.get(head);
    if (existing?.kind === 'object' && value.kind === 'object') {
      for (const [k, v] of value.fields) existing.fields.set(k, v);
      existing.ors.push(...value.ors);
    } else {
      node.fields.set(head, value);
    }
    return;
  }
  let child = node.fields.get(head);
  if (child?.kind !== 'object') {
    child = { kind: 'object', fields: new Map(), ors: [] };
    node.fields.set(head, child);
  }
  insert(child, rest, value);
}

function combinations(node: PatternNode): number {
  if (node.kind === 'leaf') return 1;
  let total = 1;
  for (const child of node.fields.values()) total *= combinations(child);
  for (const alternatives of node.ors) total *= alternatives.reduce((sum, alt) => sum + combinations(alt), 0);
  return total;
}
