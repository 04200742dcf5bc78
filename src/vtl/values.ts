import { VtlError } from './ast.js';

/**
 * Values in a template are plain JSON-like values (strings, numbers, booleans, null, arrays as Java
 * lists, objects as Java maps) or host objects (`$input`, `$util`) whose functions are methods.
 */
export const HOST = Symbol('vtl-host');

export interface HostObject {
  [HOST]: true;
  [name: string]: unknown;
}

export const host = <T extends Record<string, unknown>>(members: T): T & HostObject => ({ ...members, [HOST]: true }) as T & HostObject;

export const isHost = (v: unknown): v is HostObject => typeof v === 'object' && v !== null && (v as HostObject)[HOST] === true;
export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isHost(v);

/** Java's `Double.toString` for the doubles a template computes; integers print without a fraction. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(n);
}

/** How Velocity prints a value (`toString()` of the Java object it stands for). */
export function display(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(display).join(', ')}]`;
  if (isHost(v)) return typeof v.toString === 'function' ? String((v.toString as () => unknown)()) : '';
  if (typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${display(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** Java's `String.split`: trailing empty strings dropped; with a positive limit, at most `limit` parts. */
function javaSplit(s: string, regex: string, limit?: number): string[] {
  if (limit !== undefined && limit > 0) {
    const parts: string[] = [];
    const re = new RegExp(regex, 'g');
    let from = 0;
    let m: RegExpExecArray | null;
    while (parts.length < limit - 1 && (m = re.exec(s))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      parts.push(s.slice(from, m.index));
      from = m.index + m[0].length;
    }
    parts.push(s.slice(from));
    return parts;
  }
  const parts = s.split(new RegExp(regex));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const str = (v: unknown): string => display(v);
const int = (v: unknown): number => Math.trunc(Number(v));

const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  length: (s) => s.length,
  isEmpty: (s) => s.length === 0,
  substring: (s, a, b) => (b === undefined ? s.substring(int(a)) : s.substring(int(a), int(b))),
  indexOf: (s, x, from) => s.indexOf(str(x), from === undefined ? 0 : int(from)),
  lastIndexOf: (s, x) => s.lastIndexOf(str(x)),
  contains: (s, x) => s.includes(str(x)),
  startsWith: (s, x) => s.startsWith(str(x)),
  endsWith: (s, x) => s.endsWith(str(x)),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  replace: (s, a, b) => s.split(str(a)).join(str(b)),
  replaceAll: (s, re, b) => s.replace(new RegExp(str(re), 'g'), str(b)),
  replaceFirst: (s, re, b) => s.replace(new RegExp(str(re)), str(b)),
  split: (s, re, limit) => javaSplit(s, str(re), limit === undefined ? undefined : int(limit)),
  equals: (s, x) => s === x,
  equalsIgnoreCase: (s, x) => typeof x === 'string' && s.toLowerCase() === x.toLowerCase(),
  charAt: (s, i) => s.charAt(int(i)),
  matches: (s, re) => new RegExp(`^(?:${str(re)})$`).test(s),
  concat: (s, x) => s + str(x),
  toString: (s: string) => s,
  compareTo: (s, x) => (s < str(x) ? -1 : s > str(x) ? 1 : 0),
};

const LIST_METHODS: Record<string, (l: unknown[], ...args: unknown[]) => unknown> = {
  size: (l) => l.length,
  isEmpty: (l) => l.length === 0,
  get: (l, i) => l[int(i)],
  contains: (l, x) => l.some((y) => equal(x, y)),
  indexOf: (l, x) => l.findIndex((y) => equal(x, y)),
  add: (l, a, b) => {
    if (b === undefined) l.push(a);
    else l.splice(int(a), 0, b);
    return true;
  },
  addAll: (l, xs) => {
    if (!Array.isArray(xs)) return false;
    l.push(...xs);
    return true;
  },
  remove: (l, i) => l.splice(typeof i === 'number' ? i : l.indexOf(i), 1)[0],
  set: (l, i, x) => {
    const old = l[int(i)];
    l[int(i)] = x;
    return old;
  },
  clear: (l) => void l.splice(0),
  subList: (l, a, b) => l.slice(int(a), int(b)),
  toString: (l: unknown[]) => display(l),
};

const MAP_METHODS: Record<string, (m: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  get: (m, k) => m[str(k)],
  put: (m, k, v) => {
    const old = m[str(k)];
    m[str(k)] = v;
    return old;
  },
  putAll: (m, o) => void (isMap(o) && Object.assign(m, o)),
  containsKey: (m, k) => Object.hasOwn(m, str(k)),
  containsValue: (m, v) => Object.values(m).some((x) => equal(x, v)),
  keySet: (m) => Object.keys(m),
  values: (m) => Object.values(m),
  entrySet: (m) => Object.entries(m).map(([key, value]) => host({ key, value, getKey: () => key, getValue: () => value })),
  size: (m) => Object.keys(m).length,
  isEmpty: (m) => Object.keys(m).length === 0,
  remove: (m, k) => {
    const old = m[str(k)];
    delete m[str(k)];
    return old;
  },
  toString: (m: Record<string, unknown>) => display(m),
};

const NUMBER_METHODS: Record<string, (n: number, ...args: unknown[]) => unknown> = {
  intValue: (n) => Math.trunc(n),
  longValue: (n) => Math.trunc(n),
  doubleValue: (n) => n,
  floatValue: (n) => n,
  toString: (n: number) => numberText(n),
  equals: (n, x) => n === x,
};

/** Calls a Java-style method on a value; an unknown method is Velocity's null. */
export function callMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (isHost(target)) {
    const member = target[name];
    if (typeof member === 'function') return member(...args);
    // Bean-style getters: `$foreach.hasNext()` as well as `$foreach.hasNext`.
    if (member !== undefined && args.length === 0) return member;
    return undefined;
  }
  if (typeof target === 'string') return STRING_METHODS[name]?.(target, ...args);
  if (typeof target === 'number') return NUMBER_METHODS[name]?.(target, ...args);
  if (typeof target === 'boolean') return name === 'toString' ? String(target) : name === 'equals' ? target === args[0] : undefined;
  if (Array.isArray(target)) return LIST_METHODS[name]?.(target, ...args);
  if (isMap(target)) return MAP_METHODS[name]?.(target, ...args);
  if (target === null || target === undefined) return undefined;
  throw new VtlError(`no method ${name}`);
}

/** `$a.b`: a map's key, a host object's member, or a bean getter (`$list.size` is not one, `$map.size` is a key). */
export function getProperty(target: unknown, name: string): unknown {
  if (isHost(target)) {
    const member = target[name];
    if (typeof member === 'function') return undefined;
    if (member !== undefined) return member;
    const getter = target[`get${name[0]!.toUpperCase()}${name.slice(1)}`];
    return typeof getter === 'function' ? getter() : undefined;
  }
  if (isMap(target)) return target[name];
  if (Array.isArray(target) && name === 'empty') return target.length === 0;
  if (typeof target === 'string' && name === 'empty') return target.length === 0;
  return undefined;
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  // Velocity compares objects of different classes by their toString().
  return display(a) === display(b);
}
