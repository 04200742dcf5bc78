/**
 * The JSONPath subset EventBridge takes in InputPath and InputPathsMap: `$`, `$.a.b`, `$.a[0]`,
 * `$['a b']`. Undefined when the path names nothing in the event.
 */
export function isJsonPath(path: string): boolean {
  return segments(path) !== undefined;
}

export function readPath(value: unknown, path: string): unknown {
  const parts = segments(path);
  if (!parts) return undefined;
  let current: unknown = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof part === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[part];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
  }
  return current;
}

function segments(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(path.slice(i));
      if (!m) return undefined;
      out.push(m[1]!);
      i += m[0].length;
    } else if (path[i] === '[') {
      const m = /^\[(?:(\d+)|'([^']*)'|"([^"]*)")\]/.exec(path.slice(i));
      if (!m) return undefined;
      out.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3])!);
      i += m[0].length;
    } else {
      return undefined;
    }
  }
  return out;
}
