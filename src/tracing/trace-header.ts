/**
 * The X-Ray trace header (`X-Amzn-Trace-Id`, `_X_AMZN_TRACE_ID`, SQS `AWSTraceHeader`):
 * `Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0;Lineage=...`, `;`-separated
 * `Key=Value` fields. Unknown fields are kept in order so a header passes through unchanged.
 */
import { randomHex } from './random-pool.js';

export interface TraceHeader {
  root?: string;
  parent?: string;
  sampled?: string;
  /** The raw `Lineage` value (see lineage.ts for its entries). */
  lineage?: string;
  /** Other fields, in their original order. */
  extra: [string, string][];
}

const KNOWN: Record<string, keyof Omit<TraceHeader, 'extra'>> = {
  root: 'root',
  parent: 'parent',
  sampled: 'sampled',
  lineage: 'lineage',
};

export function parseTraceHeader(value: string | undefined): TraceHeader {
  const header: TraceHeader = { extra: [] };
  if (!value) return header;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const fieldValue = part.slice(eq + 1).trim();
    const known = KNOWN[key.toLowerCase()];
    if (known) header[known] = fieldValue;
    else header.extra.push([key, fieldValue]);
  }
  return header;
}

export function formatTraceHeader(header: TraceHeader): string {
  const parts: string[] = [];
  if (header.root !== undefined) parts.push(`Root=${header.root}`);
  if (header.parent !== undefined) parts.push(`Parent=${header.parent}`);
  if (header.sampled !== undefined) parts.push(`Sampled=${header.sampled}`);
  for (const [key, value] of header.extra) parts.push(`${key}=${value}`);
  if (header.lineage !== undefined && header.lineage !== '') parts.push(`Lineage=${header.lineage}`);
  return parts.join(';');
}

/** A trace id as X-Ray makes them: version 1, the epoch second in hex, 96 random bits. */
export function newTraceRoot(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomHex(12)}`;
}

export function newSegmentId(): string {
  return randomHex(8);
}

/** A fresh header for an event that arrived without one. */
export function newTraceHeader(nowMs: number): TraceHeader {
  return { root: newTraceRoot(nowMs), parent: newSegmentId(), sampled: '0', extra: [] };
}

/**
 * The header a function invocation receives: the caller's trace (root and lineage kept), a new
 * segment as parent, and a root when the caller had none.
 */
export function childTraceHeader(value: string | undefined, nowMs: number): TraceHeader {
  const header = parseTraceHeader(value);
  if (!header.root) return { ...newTraceHeader(nowMs), lineage: header.lineage, extra: header.extra };
  return { ...header, parent: newSegmentId(), sampled: header.sampled ?? '0' };
}
