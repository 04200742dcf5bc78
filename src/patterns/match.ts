/**
 * Matching a compiled pattern against an event (parsed JSON). Arrays in the event match when any
 * element matches; an array of objects is searched element by element, so the fields of one
 * sub-pattern must all come from the same element.
 */
import { testCondition } from './conditions.js';
import type { LeafPattern, ObjectPattern, Scalar } from './types.js';

type Obj = Record<string, unknown>;

export function matchObject(pattern: ObjectPattern, event: Obj | undefined): boolean {
  for (const [name, node] of pattern.fields) {
    const values = childValues(event, name);
    const ok = node.kind === 'leaf' ? matchLeaf(node, values) : matchNested(node, values);
    if (!ok) return false;
  }
  for (const alternatives of pattern.ors) {
    if (!alternatives.some((alt) => matchObject(alt, event))) return false;
  }
  return true;
}

/** The value under `name`, plus the contents of keys literally named `name.<rest>`. */
function childValues(event: Obj | undefined, name: string): unknown[] {
  if (!event) return [];
  const values: unknown[] = Object.hasOwn(event, name) ? [event[name]] : [];
  const dotted = `${name}.`;
  for (const key in event) {
    if (key.length > dotted.length && key.startsWith(dotted)) values.push({ [key.slice(dotted.length)]: event[key] });
  }
  return values;
}

function matchNested(pattern: ObjectPattern, values: unknown[]): boolean {
  const objects: Obj[] = [];
  collect(values, (v) => {
    if (v !== null && typeof v === 'object') objects.push(v as Obj);
  });
  if (objects.length === 0) return matchObject(pattern, undefined);
  return objects.some((o) => matchObject(pattern, o));
}

function matchLeaf(pattern: LeafPattern, values: unknown[]): boolean {
  const scalars: Scalar[] = [];
  collect(values, (v) => {
    if (v === null || typeof v !== 'object') scalars.push(v as Scalar);
  });
  const present = scalars.length > 0;
  for (const condition of pattern.conditions) {
    if (condition.op === 'exists') {
      if (condition.value === present) return true;
      continue;
    }
    for (const v of scalars) if (testCondition(condition, v)) return true;
  }
  return false;
}

/** Visits every non-array value, descending into arrays (of arrays). */
function collect(values: unknown[], visit: (v: unknown) => void): void {
  for (const v of values) {
    if (Array.isArray(v)) collect(v, visit);
    else if (v !== undefined) visit(v);
  }
}
