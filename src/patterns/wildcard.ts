import { PatternError } from './types.js';

/**
 * `*` matches zero or more characters; `\*` is a literal star and `\\` a literal backslash.
 * Consecutive stars are rejected, as EventBridge does.
 */
export function compileWildcard(pattern: string, ignoreCase = false): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new PatternError(`Invalid escape character at character ${i + 1}`);
      source += escapeRegex(next);
      i++;
    } else if (ch === '*') {
      if (pattern[i + 1] === '*') throw new PatternError(`Consecutive wildcard characters at pos ${i + 1}`);
      source += '[\\s\\S]*';
    } else {
      source += escapeRegex(ch);
    }
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
