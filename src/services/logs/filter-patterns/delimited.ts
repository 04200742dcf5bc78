import { compileComparison, type ValueTest } from './comparison.js';
import { PatternSyntaxError, type Token, tokenize } from './lexer.js';

/** One field of a space-delimited pattern: `...` (any number of fields), or a named field with optional tests. */
type Field = { ellipsis: true } | { ellipsis: false; name: string; test?: ValueTest };

/**
 * `[ip, user, ..., status = 4* || status = 5*, bytes > 1000]`: the event's whitespace-separated
 * fields (a "quoted" or [bracketed] run is one field) are matched in order; `...` stands for any
 * number of fields. Without `...`, the number of fields must be the same.
 */
export function compileDelimitedPattern(text: string): (message: string) => boolean {
  const fields = parseFields(tokenize(text));
  return (message) => matchFields(fields, splitFields(message));
}

function parseFields(tokens: Token[]): Field[] {
  let at = 0;
  const take = () => tokens[at++];
  if (take()?.kind !== 'lbracket') throw new PatternSyntaxError('expected [');
  const fields: Field[] = [];
  if (tokens[at]?.kind === 'rbracket') {
    at++;
  } else {
    for (;;) {
      const name = take();
      if (name?.kind !== 'word') throw new PatternSyntaxError('expected a field name');
      if (name.value === '...') {
        fields.push({ ellipsis: true });
      } else {
        let test: ValueTest | undefined;
        let joiner: 'and' | 'or' | undefined;
        while (tokens[at]?.kind === 'op' || (test && tokens[at]?.kind === 'word' && tokens[at + 1]?.kind === 'op')) {
          if (tokens[at]?.kind === 'word') {
            const repeated = take() as { value: string };
            if (repeated.value !== name.value) throw new PatternSyntaxError(`a condition of field ${name.value} names ${repeated.value}`);
          }
          const op = take() as Extract<Token, { kind: 'op' }>;
          const next = compileComparison(op.value, take() ?? { kind: 'rbracket' });
          const prev = test;
          test = !prev ? next : joiner === 'or' ? (v) => prev(v) || next(v) : (v) => prev(v) && next(v);
          const k = tokens[at]?.kind;
          if (k === 'and' || k === 'or') {
            joiner = k;
            at++;
          } else break;
        }
        fields.push({ ellipsis: false, name: name.value, test });
      }
      const sep = take();
      if (sep?.kind === 'rbracket') break;
      if (sep?.kind !== 'comma') throw new PatternSyntaxError('expected , or ] between fields');
    }
  }
  if (at < tokens.length) throw new PatternSyntaxError('unexpected text after the closing ]');
  return fields;
}

function splitFields(message: string): string[] {
  const out: string[] = [];
  const field = /"([^"]*)"|\[([^\]]*)\]|(\S+)/g;
  for (const m of message.matchAll(field)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Whether the fields match, `...` taking any number: a table over (pattern field, event field), so linear in their product. */
function matchFields(fields: readonly Field[], values: readonly string[]): boolean {
  let row = new Array<boolean>(values.length + 1).fill(false);
  row[0] = true;
  for (const field of fields) {
    const next = new Array<boolean>(values.length + 1).fill(false);
    for (let j = 0; j <= values.length; j++) {
      if (field.ellipsis) next[j] = row[j]! || (j > 0 && next[j - 1]!);
      else if (j > 0 && row[j - 1]) next[j] = !field.test || field.test(values[j - 1]!);
    }
    row = next;
  }
  return row[values.length]!;
}
