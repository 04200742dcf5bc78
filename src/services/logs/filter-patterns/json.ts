import { compileComparison, type ValueTest } from './comparison.js';
import { PatternSyntaxError, type Token, tokenize } from './lexer.js';

type Matcher = (event: unknown) => boolean;

/** `{ $.a.b[0] = "x" && ($.n > 1 || $.flag IS TRUE) }`: matches events whose message is a JSON object. */
export function compileJsonPattern(text: string): (message: string) => boolean {
  const parser = new Parser(tokenize(text));
  parser.expect('lbrace');
  const matcher = parser.expression();
  parser.expect('rbrace');
  parser.end();
  return (message) => {
    const trimmed = message.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
    let event: unknown;
    try {
      event = JSON.parse(trimmed);
    } catch {
      return false;
    }
    return matcher(event);
  };
}

const MISSING = Symbol('missing');

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  expression(): Matcher {
    const terms = [this.conjunction()];
    while (this.peek()?.kind === 'or') {
      this.at++;
      terms.push(this.conjunction());
    }
    return terms.length === 1 ? terms[0]! : (e) => terms.some((t) => t(e));
  }

  private conjunction(): Matcher {
    const factors = [this.factor()];
    while (this.peek()?.kind === 'and') {
      this.at++;
      factors.push(this.factor());
    }
    return factors.length === 1 ? factors[0]! : (e) => factors.every((f) => f(e));
  }

  private factor(): Matcher {
    if (this.peek()?.kind === 'lparen') {
      this.at++;
      const inner = this.expression();
      this.expect('rparen');
      return inner;
    }
    const path = this.selector();
    const next = this.take();
    if (next?.kind === 'op') {
      const test: ValueTest = compileComparison(next.value, this.take() ?? { kind: 'rbrace' });
      return (e) => {
        const value = resolve(e, path);
        return value !== MISSING && test(value);
      };
    }
    if (next?.kind === 'word' && next.value === 'IS') {
      const what = this.word();
      if (what === 'TRUE') return (e) => resolve(e, path) === true;
      if (what === 'FALSE') return (e) => resolve(e, path) === false;
      if (what === 'NULL') return (e) => resolve(e, path) === null;
      throw new PatternSyntaxError(`expected TRUE, FALSE or NULL after IS, found ${what}`);
    }
    if (next?.kind === 'word' && next.value === 'NOT') {
      if (this.word() !== 'EXISTS') throw new PatternSyntaxError('expected EXISTS after NOT');
      return (e) => resolve(e, path) === MISSING;
    }
    throw new PatternSyntaxError('expected a comparison, IS or NOT EXISTS after a selector');
  }

  /** `$.a.b[2].c` as keys and indexes. */
  private selector(): (string | number)[] {
    const first = this.take();
    if (first?.kind !== 'word' || !first.value.startsWith('$')) throw new PatternSyntaxError('expected a selector starting with $.');
    const path: (string | number)[] = [];
    const addKeys = (text: string) => {
      for (const key of text.split('.').slice(1)) {
        if (key === '') throw new PatternSyntaxError(`empty key in selector ${first.value}`);
        path.push(key);
      }
    };
    if (first.value !== '$' && !first.value.startsWith('$.')) throw new PatternSyntaxError(`invalid selector ${first.value}`);
    addKeys(first.value);
    while (this.peek()?.kind === 'lbracket') {
      this.at++;
      const index = this.take();
      if (index?.kind !== 'word' || !/^\d+$/.test(index.value)) throw new PatternSyntaxError('expected an array index');
      path.push(Number(index.value));
      this.expect('rbracket');
      const rest = this.peek();
      if (rest?.kind === 'word' && rest.value.startsWith('.')) {
        this.at++;
        addKeys(`$${rest.value}`);
      }
    }
    return path;
  }

  private word(): string {
    const token = this.take();
    if (token?.kind !== 'word') throw new PatternSyntaxError('expected a keyword');
    return token.value;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private take(): Token | undefined {
    return this.tokens[this.at++];
  }

  expect(kind: Token['kind']): void {
    if (this.take()?.kind !== kind) throw new PatternSyntaxError(`expected ${KIND_TEXT[kind] ?? kind}`);
  }

  end(): void {
    if (this.at < this.tokens.length) throw new PatternSyntaxError('unexpected text after the closing }');
  }
}

const KIND_TEXT: Partial<Record<Token['kind'], string>> = { lbrace: '{', rbrace: '}', rparen: ')', rbracket: ']' };

function resolve(event: unknown, path: readonly (string | number)[]): unknown {
  let value: unknown = event;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return MISSING;
      value = value[step];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) return MISSING;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}
