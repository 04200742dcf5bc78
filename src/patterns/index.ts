/**
 * The event-pattern language of EventBridge, shared by Lambda FilterCriteria and SNS filter
 * policies: compile once (validating), then match events.
 */
import { compilePattern } from './compile.js';
import { matchObject } from './match.js';
import type { ObjectPattern } from './types.js';
import { PatternError } from './types.js';

export { PatternError } from './types.js';
export type { ObjectPattern as CompiledPattern } from './types.js';
export { compilePattern };

/** True when the event (a parsed JSON value) matches the compiled pattern. */
export function matchesPattern(pattern: ObjectPattern, event: unknown): boolean {
  const root = event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Record<string, unknown>) : undefined;
  return matchObject(pattern, root);
}

/** The parser's reason when the pattern is malformed, or undefined when it is valid. */
export function patternProblem(input: unknown): string | undefined {
  try {
    compilePattern(input);
    return undefined;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}
