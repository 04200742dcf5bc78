/**
 * The PartiQL DynamoDB accepts: SELECT, INSERT, UPDATE and DELETE on one table (or index), with
 * `?` parameters and literals ('text', numbers, true/false/null, {maps}, [lists], <<sets>>).
 * WHERE clauses become the same condition trees the expression language parses to.
 */
import { AwsError } from '../../../protocols/aws-error.js';
import type { Comparator, Condition, Operand, PathNode, SetValue, ValueNode } from '../expressions/ast.js';
import { normaliseNumber } from '../numbers.js';
import { type AttributeValue, checkValue, type Item } from '../values.js';

export type Statement =
  | { kind: 'select'; table: string; index?: string; projection?: PathNode[]; where?: Condition }
  | { kind: 'insert'; table: string; item: Item }
  | { kind: 'update'; table: string; set: { path: PathNode; value: SetValue }[]; remove: PathNode[]; where?: Condition }
  | { kind: 'delete'; table: string; where?: Condition };

interface Token {
  kind: 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'op';
  text: string;
}

function malformed(detail: string): AwsError {
  return new AwsError('ValidationException', `Statement wasn't well formed, can't be processed: ${detail}`, 400);
}

const OPS = ['<<', '>>', '<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '*', '+', '-'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw malformed('unterminated quoted text');
        if (source[i] === c) {
          if (source[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? '') && !/ident|quoted|number|string/.test(tokens[tokens.length - 1]?.kind ?? 'op'))) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '?') {
      tokens.push({ kind: 'param', text: '?' });
      i++;
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, i));
    if (!op) throw malformed(`unexpected character ${c}`);
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private paramIndex = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameters: readonly AttributeValue[],
  ) {}

  get usedParameters(): number {
    return this.paramIndex;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw malformed('unexpected end of statement');
    return t;
  }

  keyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'ident' && t.text.toUpperCase() === word;
  }

  expectKeyword(word: string): void {
    if (!this.keyword(word)) throw malformed(`expected ${word}`);
    this.pos++;
  }

  op(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'op' && t.text === text;
  }

  expectOp(text: string): void {
    if (!this.op(text)) throw malformed(`expected ${text}`);
    this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  name(): string {
    const t = this.next();
    if (t.kind !== 'ident' && t.kind !== 'quoted') throw malformed(`unexpected token ${t.text}`);
    return t.text;
  }

  target(): { table: string; index?: string } {
    const table = this.name();
    if (this.op('.')) {
      this.pos++;
      return { table, index: this.name() };
    }
    return { table };
  }

  path(): PathNode {
    const elements: (string | number)[] = [this.name()];
    for (;;) {
      if (this.op('.')) {
        this.pos++;
        elements.push(this.name());
      } else if (this.op('[')) {
        this.pos++;
        const t = this.next();
        if (t.kind === 'number') elements.push(Number(t.text));
        else if (t.kind === 'string') elements.push(t.text);
        else throw malformed(`unexpected token ${t.text}`);
        this.expectOp(']');
      } else return { kind: 'path', elements };
    }
  }

  literal(): AttributeValue {
    const t = this.next();
    if (t.kind === 'param') {
      const value = this.parameters[this.paramIndex++];
      if (value === undefined) throw new AwsError('ValidationException', "Number of parameters in request and statement don't match.", 400);
      return value;
    }
    if (t.kind === 'string') return { S: t.text };
    if (t.kind === 'number') return { N: normaliseNumber(t.text) };
    if (t.kind === 'ident') {
      const word = t.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { BOOL: word === 'TRUE' };
      if (word === 'NULL') return { NULL: true };
    }
    if (t.kind === 'op' && t.text === '{') {
      const map: Item = {};
      if (!this.op('}')) {
        for (;;) {
          const key = this.next();
          if (key.kind !== 'string' && key.kind !== 'quoted') throw malformed(`unexpected token ${key.text}`);
          this.expectOp(':');
          map[key.text] = this.literal();
          if (!this.op(',')) break;
          this.pos++;
        }
      }
      this.expectOp('}');
      return { M: map };
    }
    if (t.kind === 'op' && t.text === '[') {
      const list: AttributeValue[] = [];
      if (!this.op(']')) {
        for (;;) {
          list.push(this.literal());
          if (!this.op(',')) break;
          this.pos++;
        }
      }
      this.expectOp(']');
      return { L: list };
    }
    if (t.kind === 'op' && t.text === '<<') {
      const members: AttributeValue[] = [];
      for (;;) {
        members.push(this.literal());
        if (!this.op(',')) break;
        this.pos++;
      }
      this.expectOp('>>');
      if (members.every((m) => 'S' in m)) return checkValue({ SS: members.map((m) => (m as { S: string }).S) });
      if (members.every((m) => 'N' in m)) return checkValue({ NS: members.map((m) => (m as { N: string }).N) });
      if (members.every((m) => 'B' in m)) return checkValue({ BS: members.map((m) => (m as { B: string }).B) });
      throw malformed('set members must all be of one type');
    }
    throw malformed(`unexpected token ${t.text}`);
  }

  isLiteralStart(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.kind === 'param' || t.kind === 'string' || t.kind === 'number') return true;
    if (t.kind === 'op') return ['{', '[', '<<'].includes(t.text);
    return t.kind === 'ident' && ['TRUE', 'FALSE', 'NULL'].includes(t.text.toUpperCase());
  }

  operand(): Operand {
    if (this.isLiteralStart()) return { kind: 'value', value: this.literal(), ref: '?' };
    if (this.keyword('SIZE') && this.op('(', 1)) {
      this.pos += 2;
      const path = this.path();
      this.expectOp(')');
      return { kind: 'size', path };
    }
    return this.path();
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.keyword('OR')) {
      this.pos++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  conjunction(): Condition {
    let left = this.negation();
    while (this.keyword('AND')) {
      this.pos++;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  negation(): Condition {
    if (this.keyword('NOT')) {
      this.pos++;
      return { kind: 'not', condition: this.negation() };
    }
    return this.primary();
  }

  primary(): Condition {
    if (this.op('(')) {
      this.pos++;
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    const fn = this.peek();
    if (fn?.kind === 'ident' && this.op('(', 1)) {
      const name = fn.text.toLowerCase();
      if (['begins_with', 'contains', 'attribute_type'].includes(name)) {
        this.pos += 2;
        const path = this.path();
        this.expectOp(',');
        const arg = this.operand();
        this.expectOp(')');
        if (name === 'attribute_type') return { kind: 'function', name, path, type: arg };
        return { kind: 'function', name: name as 'begins_with' | 'contains', args: [path, arg] };
      }
      if (name === 'exists') throw malformed('EXISTS is not supported here');
    }
    const left = this.operand();
    const t = this.peek();
    if (t?.kind === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.pos++;
      const op = (t.text === '!=' ? '<>' : t.text) as Comparator;
      return { kind: 'compare', op, left, right: this.operand() };
    }
    if (this.keyword('BETWEEN')) {
      this.pos++;
      const low = this.operand();
      this.expectKeyword('AND');
      return { kind: 'between', value: left, low, high: this.operand() };
    }
    if (this.keyword('IN')) {
      this.pos++;
      const close = this.op('[') ? ']' : ')';
      if (!this.op('[') && !this.op('(')) throw malformed('expected a list after IN');
      this.pos++;
      const list: Operand[] = [];
      for (;;) {
        list.push(this.operand());
        if (!this.op(',')) break;
        this.pos++;
      }
      this.expectOp(close);
      return { kind: 'in', value: left, list };
    }
    if (this.keyword('IS')) {
      this.pos++;
      const negated = this.keyword('NOT');
      if (negated) this.pos++;
      if (left.kind !== 'path') throw malformed('IS needs a document path');
      if (this.keyword('MISSING')) {
        this.pos++;
        return { kind: 'function', name: negated ? 'attribute_exists' : 'attribute_not_exists', path: left };
      }
      if (this.keyword('NULL')) {
        this.pos++;
        const isNull: Condition = { kind: 'function', name: 'attribute_type', path: left, type: { kind: 'value', value: { S: 'NULL' }, ref: '' } };
        return negated ? { kind: 'not', condition: isNull } : isNull;
      }
      throw malformed('expected MISSING or NULL');
    }
    throw malformed(`unexpected token ${t?.text ?? '<EOF>'}`);
  }

  setValue(): SetValue {
    let left: SetValue;
    const fn = this.peek();
    if (fn?.kind === 'ident' && fn.text.toLowerCase() === 'list_append' && this.op('(', 1)) {
      this.pos += 2;
      const a = this.setValue();
      this.expectOp(',');
      const b = this.setValue();
      this.expectOp(')');
      left = { kind: 'list_append', left: a, right: b };
    } else if (this.isLiteralStart()) left = { kind: 'value', value: this.literal(), ref: '?' } satisfies ValueNode;
    else left = this.path();
    if (this.op('+') || this.op('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arithmetic', op, left, right: this.setValue() };
    }
    return left;
  }

  statement(): Statement {
    if (this.keyword('SELECT')) {
      this.pos++;
      let projection: PathNode[] | undefined;
      if (this.op('*')) this.pos++;
      else {
        projection = [this.path()];
        while (this.op(',')) {
          this.pos++;
          projection.push(this.path());
        }
      }
      this.expectKeyword('FROM');
      const target = this.target();
      const where = this.where();
      return { kind: 'select', ...target, ...(projection ? { projection } : {}), ...(where ? { where } : {}) };
    }
    if (this.keyword('INSERT')) {
      this.pos++;
      this.expectKeyword('INTO');
      const { table } = this.target();
      this.expectKeyword('VALUE');
      const value = this.literal();
      if (!('M' in value)) throw malformed('INSERT takes a tuple');
      return { kind: 'insert', table, item: value.M };
    }
    if (this.keyword('UPDATE')) {
      this.pos++;
      const { table } = this.target();
      const set: { path: PathNode; value: SetValue }[] = [];
      const remove: PathNode[] = [];
      while (this.keyword('SET') || this.keyword('REMOVE')) {
        const word = this.next().text.toUpperCase();
        for (;;) {
          if (word === 'SET') {
            const path = this.path();
            this.expectOp('=');
            set.push({ path, value: this.setValue() });
          } else remove.push(this.path());
          if (!this.op(',')) break;
          this.pos++;
        }
      }
      if (set.length === 0 && remove.length === 0) throw malformed('UPDATE needs SET or REMOVE');
      const where = this.where();
      return { kind: 'update', table, set, remove, ...(where ? { where } : {}) };
    }
    if (this.keyword('DELETE')) {
      this.pos++;
      this.expectKeyword('FROM');
      const { table } = this.target();
      const where = this.where();
      return { kind: 'delete', table, ...(where ? { where } : {}) };
    }
    throw malformed(`unexpected token ${this.peek()?.text ?? '<EOF>'}`);
  }

  where(): Condition | undefined {
    if (!this.keyword('WHERE')) return undefined;
    this.pos++;
    return this.condition();
  }
}

export function parseStatement(source: string, rawParameters: readonly unknown[] | undefined): Statement {
  const parameters = (rawParameters ?? []).map(checkValue);
  const parser = new Parser(tokenize(source), parameters);
  const statement = parser.statement();
  if (!parser.atEnd()) throw malformed(`unexpected token ${parser.peek()!.text}`);
  if (parser.usedParameters !== parameters.length) throw new AwsError('ValidationException', "Number of parameters in request and statement don't match.", 400);
  return statement;
}
