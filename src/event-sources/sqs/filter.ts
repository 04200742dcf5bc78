/**
 * FilterCriteria on SQS records: patterns are OR'ed; the body is matched under `body`, as
 * parsed JSON when it is a JSON object. A JSON `body` pattern never matches a plain-string body, and
 * a plain `body` pattern never matches a JSON body.
 */
import type { CompiledPattern } from '../../patterns/index.js';
import { compilePattern, matchesPattern } from '../../patterns/index.js';
import type { SqsRecord } from './records.js';

interface CompiledFilter {
  pattern: CompiledPattern;
  /** `json` when the pattern has a nested object under `body`, `plain` for a list, none without. */
  bodyFormat: 'json' | 'plain' | 'none';
}

export class SqsRecordFilter {
  private readonly filters: CompiledFilter[];

  constructor(patterns: readonly { Pattern: string }[]) {
    this.filters = patterns.map((f) => {
      const raw = JSON.parse(f.Pattern) as Record<string, unknown>;
      const body = raw.body;
      const bodyFormat = body === undefined ? 'none' : Array.isArray(body) ? 'plain' : 'json';
      return { pattern: compilePattern(raw), bodyFormat };
    });
  }

  matches(record: SqsRecord): boolean {
    const parsedBody = parseJsonObject(record.body);
    const event = { ...record, body: parsedBody ?? record.body };
    return this.filters.some((f) => {
      if (f.bodyFormat === 'json' && parsedBody === undefined) return false;
      if (f.bodyFormat === 'plain' && parsedBody !== undefined) return false;
      return matchesPattern(f.pattern, event);
    });
  }
}

function parseJsonObject(body: string): object | undefined {
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
