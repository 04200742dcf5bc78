/** A filter pattern that does not parse; answered as InvalidParameterException. */
export class PatternSyntaxError extends Error {}

export type Token =
  | { kind: 'op'; value: '=' | '!=' | '<' | '>' | '<=' | '>=' }
  | { kind: 'and' | 'or' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'lbracket' | 'rbracket' | 'comma' }
  | { kind: 'string'; value: string }
  | { kind: 'regex'; value: string }
  | { kind: 'word'; value: string };

const WORD = /[^\s=!<>&|(){}[\],"%]+/y;

/** Splits a JSON or space-delimited pattern into tokens; every step consumes input, so it is linear. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      tokens.push({ kind: two === '&&' ? 'and' : 'or' });
      i += 2;
      continue;
    }
    if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    const single = PUNCTUATION[c];
    if (single) {
      tokens.push({ kind: single });
      i++;
      continue;
    }
    if (c === '"') {
      const end = closing(text, i, '"');
      tokens.push({ kind: 'string', value: text.slice(i + 1, end).replace(/\\(.)/g, '$1') });
      i = end + 1;
      continue;
    }
    if (c === '%') {
      const end = closing(text, i, '%');
      tokens.push({ kind: 'regex', value: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (!word) throw new PatternSyntaxError(`unexpected character '${c}' at position ${i}`);
    tokens.push({ kind: 'word', value: word[0] });
    i += word[0].length;
  }
  return tokens;
}

type Punctuation = 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'lbracket' | 'rbracket' | 'comma';

const PUNCTUATION: Record<string, Punctuation> = {
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
};

function closing(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  throw new PatternSyntaxError(`unterminated ${quote === '"' ? 'string' : 'regular expression'} at position ${start}`);
}

/** A regular expression of a pattern (`%...%`); CloudWatch's are a subset of JavaScript's. */
export function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new PatternSyntaxError(`invalid regular expression %${source}%`);
  }
}
