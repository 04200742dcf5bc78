import { invalidParameter } from './validation.js';

/**
 * CloudWatch Logs' filter pattern for unstructured events: every plain term (or "quoted phrase")
 * must occur, `?term`s match when any of them occurs, `-term`s must not occur; case-sensitive.
 * JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`) patterns are not supported.
 */
export type EventMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = pattern?.trim() ?? '';
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw invalidParameter(`Tributary does not support JSON or space-delimited filter patterns: ${text}`);
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  const term = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (const m of text.matchAll(term)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    if (m[1] === '?') any.push(value);
    else if (m[1] === '-') none.push(value);
    else all.push(value);
  }
  return (message) =>
    all.every((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t))) && !none.some((t) => message.includes(t));
}
