import { type Expr, type Node, type Reference, type Step, VtlError } from './ast.js';

const DIRECTIVES = ['set', 'if', 'elseif', 'else', 'end', 'foreach', 'break', 'stop'];
const IDENT_START = /[a-zA-Z_]/;
const IDENT = /[a-zA-Z0-9_-]/;
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', eq: '==', ne: '!=', gt: '>', lt: '<', ge: '>=', le: '<=' };

/** Parses a Velocity template (the subset API Gateway mapping templates use) into nodes. */
export function parseTemplate(source: string): Node[] {
  const parser = new Parser(source);
  const { nodes, ended } = parser.block([]);
  if (ended) throw new VtlError(`unexpected #${ended}`);
  return nodes;
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  /** Nodes up to one of `terminators` (returned as `ended`) or the end of the template. */
  block(terminators: readonly string[]): { nodes: Node[]; ended?: string } {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      const next = src[this.pos + 1];
      if (c === '\\' && (next === '$' || next === '#')) {
        text += next;
        this.pos += 2;
        continue;
      }
      if (c === '#') {
        if (next === '#') {
          // A comment alone on its line takes the line's indentation with it.
          const lineStart = src.lastIndexOf('\n', this.pos - 1) + 1;
          if (/^[ \t]*$/.test(src.slice(lineStart, this.pos))) text = text.replace(/[ \t]*$/, '');
          const eol = src.indexOf('\n', this.pos);
          this.pos = eol < 0 ? src.length : eol + 1;
          continue;
        }
        if (next === '*') {
          const close = src.indexOf('*#', this.pos + 2);
          this.pos = close < 0 ? src.length : close + 2;
          continue;
        }
        if (next === '[' && src[this.pos + 2] === '[') {
          const close = src.indexOf(']]#', this.pos + 3);
          const end = close < 0 ? src.length : close;
          text += src.slice(this.pos + 3, end);
          this.pos = close < 0 ? src.length : close + 3;
          continue;
        }
        const directive = this.directiveAt(this.pos);
        if (directive) {
          const start = this.pos;
          const lineStart = src.lastIndexOf('\n', start - 1) + 1;
          const aloneBefore = /^[ \t]*$/.test(src.slice(lineStart, start));
          this.pos += directive.length;
          if (directive.name === 'end' || directive.name === 'else' || directive.name === 'break' || directive.name === 'stop') {
            // no arguments
          }
          let node: Node | undefined;
          let ended: string | undefined;
          let condition: Expr | undefined;
          if (directive.name === 'set') node = this.setDirective();
          else if (directive.name === 'if' || directive.name === 'elseif') condition = this.parenthesised();
          else if (directive.name === 'foreach') node = this.foreachHead();
          else if (directive.name === 'break') node = { kind: 'break' };
          else if (directive.name === 'stop') node = { kind: 'stop' };
          // A directive alone on its line takes the line with it.
          const eol = /^[ \t]*(\r?\n|$)/.exec(src.slice(this.pos));
          if (aloneBefore && eol) {
            text = text.replace(/[ \t]*$/, '');
            this.pos += eol[0].length;
          }
          if (directive.name === 'end' || directive.name === 'else' || directive.name === 'elseif') {
            if (!terminators.includes(directive.name)) throw new VtlError(`unexpected #${directive.name}`);
            flush();
            this.pendingCondition = condition;
            return { nodes, ended: directive.name };
          }
          flush();
          if (directive.name === 'if') nodes.push(this.ifRest(condition!));
          else if (node?.kind === 'foreach') {
            const body = this.block(['end']);
            if (body.ended !== 'end') throw new VtlError('#foreach without #end');
            node.body = body.nodes;
            nodes.push(node);
          } else if (node) nodes.push(node);
          void ended;
          continue;
        }
      }
      if (c === '$') {
        const ref = this.tryReference();
        if (ref) {
          flush();
          nodes.push(ref);
          continue;
        }
      }
      text += c;
      this.pos++;
    }
    flush();
    return { nodes };
  }

  private pendingCondition: Expr | undefined;

  private ifRest(condition: Expr): Node {
    const branches: { condition: Expr; body: Node[] }[] = [];
    let current = condition;
    for (;;) {
      const body = this.block(['elseif', 'else', 'end']);
      branches.push({ condition: current, body: body.nodes });
      if (body.ended === 'elseif') {
        current = this.pendingCondition!;
        continue;
      }
      if (body.ended === 'else') {
        const otherwise = this.block(['end']);
        if (otherwise.ended !== 'end') throw new VtlError('#else without #end');
        return { kind: 'if', branches, otherwise: otherwise.nodes };
      }
      if (body.ended === 'end') return { kind: 'if', branches };
      throw new VtlError('#if without #end');
    }
  }

  private directiveAt(at: number): { name: string; length: number } | undefined {
    const m = /^#(?:\{([a-z]+)\}|([a-z]+))/.exec(this.src.slice(at, at + 12));
    const name = m?.[1] ?? m?.[2];
    if (!m || !name || !DIRECTIVES.includes(name)) return undefined;
    // `#elseif` must not be read as `#else` followed by `if`.
    if (m[2] && /[a-zA-Z0-9_]/.test(this.src[at + m[0].length] ?? '')) return undefined;
    return { name, length: m[0].length };
  }

  private setDirective(): Node {
    this.skipSpaces();
    this.expect('(');
    this.skipSpaces();
    if (this.src[this.pos] !== '$') throw new VtlError('#set needs a reference');
    this.pos++;
    if (this.src[this.pos] === '{') this.pos++;
    const target = this.referenceBody(false);
    if (this.src[this.pos] === '}') this.pos++;
    this.skipSpaces();
    this.expect('=');
    const value = this.expression();
    this.skipSpaces();
    this.expect(')');
    return { kind: 'set', target, value };
  }

  private foreachHead(): Node & { kind: 'foreach' } {
    this.skipSpaces();
    this.expect('(');
    this.skipSpaces();
    this.expect('$');
    const variable = this.identifier();
    this.skipSpaces();
    if (this.src.slice(this.pos, this.pos + 2) !== 'in') throw new VtlError('#foreach needs "in"');
    this.pos += 2;
    const items = this.expression();
    this.skipSpaces();
    this.expect(')');
    return { kind: 'foreach', variable, items, body: [] };
  }

  private parenthesised(): Expr {
    this.skipSpaces();
    this.expect('(');
    const e = this.expression();
    this.skipSpaces();
    this.expect(')');
    return e;
  }

  /** A reference in template text, or undefined when the `$` is plain text. */
  private tryReference(): Node | undefined {
    const start = this.pos;
    let p = this.pos + 1;
    const quiet = this.src[p] === '!';
    if (quiet) p++;
    const braced = this.src[p] === '{';
    if (braced) p++;
    if (!IDENT_START.test(this.src[p] ?? '')) return undefined;
    this.pos = p;
    const ref = this.referenceBody(!braced);
    if (braced) {
      if (this.src[this.pos] !== '}') {
        this.pos = start;
        return undefined;
      }
      this.pos++;
    }
    return { kind: 'ref', ref, quiet, source: this.src.slice(start, this.pos) };
  }

  /** `name(.prop | .method(args) | [index])*`; in text, a `.` not followed by a name stays text. */
  private referenceBody(inText: boolean): Reference {
    const name = this.identifier();
    const steps: Step[] = [];
    for (;;) {
      const c = this.src[this.pos];
      if (c === '.' && IDENT_START.test(this.src[this.pos + 1] ?? '')) {
        this.pos++;
        const member = this.identifier();
        if (this.src[this.pos] === '(') {
          this.pos++;
          steps.push({ kind: 'method', name: member, args: this.argumentsUntil(')') });
        } else steps.push({ kind: 'property', name: member });
        continue;
      }
      if (c === '[' && !(inText && steps.length === 0 && false)) {
        const save = this.pos;
        this.pos++;
        try {
          const index = this.expression();
          this.skipSpaces();
          this.expect(']');
          steps.push({ kind: 'index', index });
          continue;
        } catch (err) {
          if (!inText) throw err;
          this.pos = save;
        }
      }
      return { name, steps };
    }
  }

  private argumentsUntil(close: string): Expr[] {
    const args: Expr[] = [];
    this.skipSpaces();
    if (this.src[this.pos] === close) {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.expression());
      this.skipSpaces();
      const c = this.src[this.pos];
      this.pos++;
      if (c === close) return args;
      if (c !== ',') throw new VtlError(`expected , or ${close} at ${this.pos}`);
    }
  }

  private identifier(): string {
    const start = this.pos;
    if (!IDENT_START.test(this.src[this.pos] ?? '')) throw new VtlError(`expected a name at ${this.pos}`);
    while (this.pos < this.src.length && /[a-zA-Z0-9_]/.test(this.src[this.pos]!)) this.pos++;
    // Velocity names may contain '-' too, but never end with one; API Gateway templates rarely use it.
    return this.src.slice(start, this.pos);
  }

  private skipSpaces(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private expect(token: string): void {
    if (this.src.slice(this.pos, this.pos + token.length) !== token) throw new VtlError(`expected ${token} at ${this.pos}`);
    this.pos += token.length;
  }

  // Expressions, by precedence: || then && then equality then relational then + - then * / % then unary.
  expression(): Expr {
    return this.binary(0);
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

  private operatorAt(level: number): string | undefined {
    this.skipSpaces();
    const ops = Parser.LEVELS[level]!;
    for (const op of ops) {
      if (this.src.startsWith(op, this.pos)) {
        if ((op === '<' || op === '>') && this.src[this.pos + 1] === '=') continue;
        return op;
      }
    }
    const word = /^[a-z]+/.exec(this.src.slice(this.pos, this.pos + 4))?.[0];
    if (word && WORD_OPERATORS[word] && ops.includes(WORD_OPERATORS[word]!) && !IDENT.test(this.src[this.pos + word.length] ?? '')) return word;
    return undefined;
  }

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.operatorAt(level);
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: WORD_OPERATORS[op] ?? op, left, right };
    }
  }

  private unary(): Expr {
    this.skipSpaces();
    if (this.src[this.pos] === '!' && this.src[this.pos + 1] !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.src.startsWith('not', this.pos) && !IDENT.test(this.src[this.pos + 3] ?? '')) {
      this.pos += 3;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.src[this.pos] === '-' && !/\d/.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      return { kind: 'negate', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expr {
    this.skipSpaces();
    const c = this.src[this.pos];
    if (c === '(') {
      this.pos++;
      const e = this.expression();
      this.skipSpaces();
      this.expect(')');
      return e;
    }
    if (c === "'" || c === '"') return this.stringLiteral(c);
    if (c === '$') {
      this.pos++;
      if (this.src[this.pos] === '!') this.pos++;
      const braced = this.src[this.pos] === '{';
      if (braced) this.pos++;
      const ref = this.referenceBody(false);
      if (braced) this.expect('}');
      return { kind: 'ref', ref };
    }
    if (c === '[') {
      this.pos++;
      this.skipSpaces();
      if (this.src[this.pos] === ']') {
        this.pos++;
        return { kind: 'list', items: [] };
      }
      const first = this.expression();
      this.skipSpaces();
      if (this.src.startsWith('..', this.pos)) {
        this.pos += 2;
        const to = this.expression();
        this.skipSpaces();
        this.expect(']');
        return { kind: 'range', from: first, to };
      }
      const items = [first];
      while (this.src[this.pos] === ',') {
        this.pos++;
        items.push(this.expression());
        this.skipSpaces();
      }
      this.expect(']');
      return { kind: 'list', items };
    }
    if (c === '{') {
      this.pos++;
      const entries: [Expr, Expr][] = [];
      this.skipSpaces();
      if (this.src[this.pos] === '}') {
        this.pos++;
        return { kind: 'map', entries };
      }
      for (;;) {
        const key = this.expression();
        this.skipSpaces();
        this.expect(':');
        entries.push([key, this.expression()]);
        this.skipSpaces();
        const sep = this.src[this.pos++];
        if (sep === '}') return { kind: 'map', entries };
        if (sep !== ',') throw new VtlError(`expected , or } in a map at ${this.pos}`);
      }
    }
    const number = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.src.startsWith(word, this.pos) && !IDENT.test(this.src[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    throw new VtlError(`unexpected ${c ?? 'end of template'} at ${this.pos}`);
  }

  private stringLiteral(quote: string): Expr {
    this.pos++;
    let raw = '';
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      // A doubled quote is the quote itself, as in Velocity.
      raw += this.src[this.pos++];
      if (this.src[this.pos] === quote && this.src[this.pos + 1] === quote) {
        raw += quote;
        this.pos += 2;
      }
    }
    this.expect(quote);
    if (quote === "'" || (!raw.includes('$') && !raw.includes('#'))) return { kind: 'literal', value: raw };
    return { kind: 'interpolated', nodes: parseTemplate(raw) };
  }
}
