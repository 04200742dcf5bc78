/**
 * HTTP API route keys (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) and how a request picks one:
 * the most specific path wins (literal segments before parameters, a greedy `{name+}` last),
 * a route for the method before `ANY`, `$default` when nothing else matches.
 */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);
const SEGMENT = /^(\{[A-Za-z0-9._-]+\+?\}|[^{}]+)$/;

/** Whether an HTTP API accepts the route key. */
export function validHttpRouteKey(routeKey: string): boolean {
  if (routeKey === '$default') return true;
  const space = routeKey.indexOf(' ');
  if (space === -1) return false;
  const method = routeKey.slice(0, space);
  const path = routeKey.slice(space + 1);
  if (!METHODS.has(method) || !path.startsWith('/')) return false;
  if (path === '/') return true;
  const segments = path.slice(1).split('/');
  return segments.every((s, i) => SEGMENT.test(s) && (!s.endsWith('+}') || i === segments.length - 1));
}

export interface CompiledRoute<T> {
  routeKey: string;
  value: T;
  method: string;
  /** Literal text, `{name}` or `{name+}` per segment. */
  segments: string[];
  greedy: boolean;
  literals: number;
}

export function compileRoute<T>(routeKey: string, value: T): CompiledRoute<T> {
  if (routeKey === '$default') return { routeKey, value, method: '$default', segments: [], greedy: true, literals: -1 };
  const space = routeKey.indexOf(' ');
  const method = routeKey.slice(0, space);
  const path = routeKey.slice(space + 1);
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const greedy = segments.at(-1)?.endsWith('+}') ?? false;
  const literals = segments.filter((s) => !s.startsWith('{')).length;
  return { routeKey, value, method, segments, greedy, literals };
}

/** Most specific first; `$default` is never in the list (it is the fallback). */
export function orderRoutes<T>(routes: CompiledRoute<T>[]): CompiledRoute<T>[] {
  return routes
    .filter((r) => r.method !== '$default')
    .sort(
      (a, b) =>
        Number(a.greedy) - Number(b.greedy) ||
        b.literals - a.literals ||
        b.segments.length - a.segments.length ||
        Number(a.method === 'ANY') - Number(b.method === 'ANY'),
    );
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The route a request takes and its path parameters. */
export function matchRoute<T>(
  ordered: readonly CompiledRoute<T>[],
  fallback: CompiledRoute<T> | undefined,
  method: string,
  path: string,
): { route: CompiledRoute<T>; params: Record<string, string> } | undefined {
  const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
  for (const route of ordered) {
    if (route.method !== method && route.method !== 'ANY') continue;
    const params = matchSegments(route, parts);
    if (params) return { route, params };
  }
  return fallback ? { route: fallback, params: {} } : undefined;
}

function matchSegments(route: CompiledRoute<unknown>, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const { segments } = route;
  if (route.greedy) {
    if (parts.length < segments.length) return undefined;
  } else if (parts.length !== segments.length) return undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.endsWith('+}')) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      params[seg.slice(1, -2)] = decode(rest);
      return params;
    }
    const part = parts[i]!;
    if (seg.startsWith('{')) {
      if (part === '') return undefined;
      params[seg.slice(1, -1)] = decode(part);
    } else if (seg !== part) return undefined;
  }
  return params;
}
