/**
 * The lexical side of DynamoDB's expressions: names, `#name` and `:value` placeholders, list
 * indexes, comparators and punctuation, each with its place in the source for error messages.
 */
export type TokenKind = 'name' | 'nameRef' | 'valueRef' | 'number' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    readonly token: string,
    readonly near: string,
  ) {
    super(`Syntax error; token: ${token === '<EOF>' ? token : `"${token}"`}, near: "${near}"`);
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const TWO_CHAR_OPS = ['<>', '<=', '>='];
const ONE_CHAR_OPS = '=<>()[],.+-';

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '#' || c === ':') {
      i++;
      while (i < source.length && NAME_PART.test(source[i]!)) i++;
      if (i === start + 1) throw syntaxAt(source, tokens, { kind: 'op', text: c, start, end: i });
      tokens.push({ kind: c === '#' ? 'nameRef' : 'valueRef', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (NAME_START.test(c)) {
      while (i < source.length && NAME_PART.test(source[i]!)) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < source.length && NAME_PART.test(source[i]!)) i++;
      tokens.push({ kind: 'number', text: source.slice(start, i), start, end: i });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      tokens.push({ kind: 'op', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      tokens.push({ kind: 'op', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw syntaxAt(source, tokens, { kind: 'op', text: c, start, end: i + 1 });
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: source.length, end: source.length });
  return tokens;
}

/** AWS quotes the offending token and the text around it: the token before, the token, the one after. */
export function syntaxAt(source: string, tokens: readonly Token[], token: Token, next?: Token): ExpressionSyntaxError {
  const index = tokens.indexOf(token);
  const previous = index > 0 ? tokens[index - 1] : index === -1 ? tokens[tokens.length - 1] : undefined;
  const after = next ?? (index >= 0 ? tokens[index + 1] : undefined);
  const from = previous ? previous.start : token.start;
  const to = token.kind === 'eof' ? token.start : after && after.kind !== 'eof' ? after.end : token.end;
  return new ExpressionSyntaxError(token.kind === 'eof' ? '<EOF>' : token.text, source.slice(from, to));
}
