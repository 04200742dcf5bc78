import { invalidParameter } from '../validation.js';
import { compileDelimitedPattern } from './delimited.js';
import { compileJsonPattern } from './json.js';
import { PatternSyntaxError } from './lexer.js';
import { compileTermPattern } from './terms.js';

export type EventMatcher = (message: string) => boolean;

/**
 * CloudWatch Logs' filter pattern, in its three forms: terms for unstructured events (`ERROR
 * ?WARN -timeout "a phrase" %regex%`), JSON selectors (`{ $.level = "error" && $.ms > 100 }`) and
 * space-delimited fields (`[ip, user, ..., status = 5*, bytes > 1000]`).
 */
export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = pattern?.trim() ?? '';
  if (text === '' || text === '""') return () => true;
  try {
    if (text.startsWith('{')) return compileJsonPattern(text);
    if (text.startsWith('[')) return compileDelimitedPattern(text);
    return compileTermPattern(text);
  } catch (err) {
    if (err instanceof PatternSyntaxError) throw invalidParameter(`Invalid filter pattern: ${err.message}`);
    throw err;
  }
}
