import { VtlError } from './ast.js';

/**
 * The JSONPath API Gateway's `$input.path` and `$input.json` take: `$`, `.name`, `['name']`,
 * `[0]`, `[*]` / `.*`, and `..name` (recursive descent). A path that selects through a wildcard or
 * descent yields a list.
 */
type Segment = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' } | { kind: 'descent'; name: string };

function parsePath(path: string): Segment[] {
  const p = path.trim();
  if (!p.startsWith('$')) throw new VtlError(`Invalid JSONPath: ${path}`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      const m = /^\.\.([a-zA-Z0-9_$-]+|\*)/.exec(p.slice(i));
      if (!m) throw new VtlError(`Invalid JSONPath: ${path}`);
      segments.push(m[1] === '*' ? { kind: 'wildcard' } : { kind: 'descent', name: m[1]! });
      i += m[0].length;
    } else if (p[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(p.slice(i));
      if (!m) throw new VtlError(`Invalid JSONPath: ${path}`);
      segments.push(m[1] === '*' ? { kind: 'wildcard' } : { kind: 'name', name: m[1]! });
      i += m[0].length;
    } else if (p[i] === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new VtlError(`Invalid JSONPath: ${path}`);
      const inner = p.slice(i + 1, close).trim();
      if (inner === '*') segments.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) segments.push({ kind: 'name', name: inner.slice(1, -1) });
      else throw new VtlError(`Invalid JSONPath: ${path}`);
      i = close + 1;
    } else throw new VtlError(`Invalid JSONPath: ${path}`);
  }
  return segments;
}

function descend(value: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(value)) for (const v of value) descend(v, name, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === name) out.push(v);
      descend(v, name, out);
    }
  }
}

/** Evaluates `path` on `root`; undefined when nothing is selected. */
export function jsonPath(root: unknown, path: string): unknown {
  let current: unknown[] = [root];
  let many = false;
  for (const segment of parsePath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'name') {
        if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, segment.name))
          next.push((value as Record<string, unknown>)[segment.name]);
      } else if (segment.kind === 'index') {
        if (Array.isArray(value)) {
          const v = value[segment.index < 0 ? value.length + segment.index : segment.index];
          if (v !== undefined) next.push(v);
        }
      } else if (segment.kind === 'wildcard') {
        many = true;
        if (Array.isArray(value)) next.push(...value);
        else if (value && typeof value === 'object') next.push(...Object.values(value));
      } else {
        many = true;
        descend(value, segment.name, next);
      }
    }
    current = next;
  }
  if (many) return current;
  return current[0];
}
