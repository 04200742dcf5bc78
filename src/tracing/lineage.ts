/**
 * Recursion lineage (Lambda's recursive loop detection), carried in the trace header's `Lineage` field.
 *
 * Format, as X-Ray documents it: `Lineage=<key>:<count>|<key>:<count>...`, one entry per function
 * that this chain of requests has invoked, where `<key>` is 8 hex digits identifying the function
 * (here: the start of the SHA-256 of its unqualified ARN) and `<count>` how many times the chain has
 * invoked it. Newer AWS headers prefix an entry with a format version (`1:<key>:<count>`); both are
 * read, the short form is written.
 *
 * Every invoke path (Invoke API, async queue, event source mappings) counts the invocation it is
 * about to make; when a function would run for the 17th time in one chain, the invocation is
 * blocked unless the function's recursion config says `Allow`.
 */
import { createHash } from 'node:crypto';
import { childTraceHeader, formatTraceHeader } from './trace-header.js';

/** Invocations of one function per originating event that Lambda lets through. */
export const RECURSION_LIMIT = 16;

export interface LineageEntry {
  key: string;
  count: number;
}

export function lineageKey(functionArn: string): string {
  const unqualified = functionArn.split(':').slice(0, 7).join(':');
  return createHash('sha256').update(unqualified).digest('hex').slice(0, 8);
}

export function parseLineage(value: string | undefined): LineageEntry[] {
  if (!value) return [];
  const entries: LineageEntry[] = [];
  for (const raw of value.split('|')) {
    const fields = raw.trim().split(':');
    const [key, count] = fields.length >= 3 ? [fields[1], fields[2]] : [fields[0], fields[1]];
    const n = Number.parseInt(count ?? '', 10);
    if (key && /^[0-9a-f]+$/i.test(key) && Number.isFinite(n)) entries.push({ key: key.toLowerCase(), count: n });
  }
  return entries;
}

export function formatLineage(entries: readonly LineageEntry[]): string {
  return entries.map((e) => `${e.key}:${e.count}`).join('|');
}

/** How many times the chain of this header has invoked the function so far. */
export function lineageCount(traceHeader: string | undefined, functionArn: string): number {
  const key = lineageKey(functionArn);
  const { lineage } = childTraceHeader(traceHeader, 0);
  return parseLineage(lineage).find((e) => e.key === key)?.count ?? 0;
}

export interface CountedInvocation {
  /** The header to hand the function: the caller's trace, a new parent, the lineage counted. */
  traceHeader: string;
  /** This invocation's number in the chain (1 for the originating event). */
  count: number;
  /** True when the count is past RECURSION_LIMIT. */
  exceedsLimit: boolean;
}

/** Counts one more invocation of `functionArn` in the lineage of `traceHeader`. */
export function countInvocation(traceHeader: string | undefined, functionArn: string, nowMs: number): CountedInvocation {
  const header = childTraceHeader(traceHeader, nowMs);
  const key = lineageKey(functionArn);
  const entries = parseLineage(header.lineage);
  const existing = entries.find((e) => e.key === key);
  const count = (existing?.count ?? 0) + 1;
  if (existing) existing.count = count;
  else entries.push({ key, count });
  header.lineage = formatLineage(entries);
  return { traceHeader: formatTraceHeader(header), count, exceedsLimit: count > RECURSION_LIMIT };
}
