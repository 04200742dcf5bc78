import { compileRegex } from './lexer.js';

/**
 * Terms for unstructured events: every plain term (or "quoted phrase") must occur, `?term`s
 * match when any of them occurs, `-term`s must not occur, `%regex%` must match; case-sensitive.
 */
export function compileTermPattern(text: string): (message: string) => boolean {
  const all: ((m: string) => boolean)[] = [];
  const any: ((m: string) => boolean)[] = [];
  const none: ((m: string) => boolean)[] = [];
  const term = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|%((?:[^%\\]|\\.)*)%|(\S+))/g;
  for (const m of text.matchAll(term)) {
    let test: (message: string) => boolean;
    if (m[3] !== undefined) {
      const regex = compileRegex(m[3]);
      test = (message) => regex.test(message);
    } else {
      const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[4]!;
      test = (message) => message.includes(value);
    }
    if (m[1] === '?') any.push(test);
    else if (m[1] === '-') none.push(test);
    else all.push(test);
  }
  return (message) => all.every((t) => t(message)) && (any.length === 0 || any.some((t) => t(message))) && !none.some((t) => t(message));
}
