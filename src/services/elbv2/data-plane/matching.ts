import { compileCidr } from '../../../patterns/cidr.js';
import type { Condition } from '../model.js';

/** What a rule condition is tested against. */
export interface RequestFacts {
  method: string;
  path: string;
  /** Host header without its port, lowercased. */
  host: string;
  /** Lowercased header names to every value sent. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Query pairs, decoded. */
  query: readonly (readonly [string, string])[];
  sourceIp: string;
}

export type Matcher = (facts: RequestFacts) => boolean;

/** ALB's wildcards: `*` any run of characters, `?` exactly one. */
export function wildcard(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) {
    if (!caseInsensitive) return (v) => v === pattern;
    const lower = pattern.toLowerCase();
    return (v) => v.toLowerCase() === lower;
  }
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
  return (v) => re.test(v);
}

const any = (tests: ((v: string) => boolean)[]) => (v: string) => tests.some((t) => t(v));

/** One condition as a test: any of its values matches (AND across a rule's conditions). */
export function compileCondition(c: Condition): Matcher {
  switch (c.Field) {
    case 'path-pattern': {
      // Path patterns are case-sensitive and see the path only, never the query string.
      const test = any((c.PathPatternConfig?.Values ?? c.Values ?? []).map((v) => wildcard(v, false)));
      return (f) => test(f.path);
    }
    case 'host-header': {
      const test = any((c.HostHeaderConfig?.Values ?? c.Values ?? []).map((v) => wildcard(v, true)));
      return (f) => test(f.host);
    }
    case 'http-header': {
      const name = (c.HttpHeaderConfig?.HttpHeaderName ?? '').toLowerCase();
      const test = any((c.HttpHeaderConfig?.Values ?? []).map((v) => wildcard(v, true)));
      return (f) => (f.headers.get(name) ?? []).some(test);
    }
    case 'http-request-method': {
      const methods = c.HttpRequestMethodConfig?.Values ?? [];
      return (f) => methods.includes(f.method);
    }
    case 'query-string': {
      const pairs = (c.QueryStringConfig?.Values ?? []).map((p) => ({
        key: p.Key === undefined ? undefined : wildcard(p.Key, true),
        value: wildcard(p.Value, true),
      }));
      return (f) => pairs.some((p) => f.query.some(([k, v]) => (p.key === undefined || p.key(k)) && p.value(v)));
    }
    case 'source-ip': {
      const tests = (c.SourceIpConfig?.Values ?? []).map((cidr) => compileCidr(cidr));
      return (f) => tests.some((t) => t(f.sourceIp));
    }
    default:
      return () => false;
  }
}

export function compileConditions(conditions: readonly Condition[]): Matcher {
  const all = conditions.map(compileCondition);
  return (f) => all.every((m) => m(f));
}
