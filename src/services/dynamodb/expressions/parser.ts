/**
 * Recursive-descent parsers for DynamoDB's expressions. Precedence as AWS documents it:
 * comparators, IN, BETWEEN and functions bind tightest, then NOT, then AND, then OR; parentheses
 * group. Every failure is AWS's ValidationException: `Invalid <Kind>: <detail>`.
 */
import { AwsError } from '../../../protocols/aws-error.js';
import { type AttributeType, compareScalars, typeOf } from '../values.js';
import type { Comparator, Condition, Operand, PathNode, SetValue, UpdateActions, ValueNode } from './ast.js';
import type { Placeholders } from './placeholders.js';
import { isReservedWord } from './reserved-words.js';
import { ExpressionSyntaxError, syntaxAt, type Token, tokenize } from './tokenizer.js';

export type ExpressionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);
const UPDATE_FUNCTIONS = new Set(['if_not_exists', 'list_append']);
const ALL_FUNCTIONS = new Set([...CONDITION_FUNCTIONS, ...UPDATE_FUNCTIONS, 'size']);
const VALID_TYPES = ['B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'N', 'NS', 'S', 'M'];

class Detail extends Error {}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly placeholders: Placeholders,
  ) {
    this.tokens = tokenize(source);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  syntax(token = this.peek()): ExpressionSyntaxError {
    return syntaxAt(this.source, this.tokens, token);
  }

  expectOp(text: string): Token {
    const token = this.peek();
    if (token.kind !== 'op' || token.text !== text) throw this.syntax(token);
    return this.next();
  }

  isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'op' && token.text === text;
  }

  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }

  expectEnd(): void {
    if (this.peek().kind !== 'eof') throw this.syntax();
  }

  // ---- paths and operands ----

  path(): PathNode {
    const elements: (string | number)[] = [this.pathName()];
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        elements.push(this.pathName());
      } else if (this.isOp('[')) {
        this.next();
        const index = this.peek();
        if (index.kind !== 'number' || !/^\d+$/.test(index.text)) throw this.syntax(index);
        this.next();
        this.expectOp(']');
        elements.push(Number(index.text));
      } else return { kind: 'path', elements };
    }
  }

  pathName(): string {
    const token = this.peek();
    if (token.kind === 'nameRef') {
      this.next();
      const name = this.placeholders.name(token.text);
      if (name === undefined) throw new Detail(`An expression attribute name used in the document path is not defined; attribute name: ${token.text}`);
      return name;
    }
    if (token.kind === 'name') {
      this.next();
      if (isReservedWord(token.text)) throw new Detail(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
      return token.text;
    }
    throw this.syntax(token);
  }

  value(): ValueNode {
    const token = this.next();
    const value = this.placeholders.value(token.text);
    if (value === undefined) throw new Detail(`An expression attribute value used in expression is not defined; attribute value: ${token.text}`);
    return { kind: 'value', value, ref: token.text };
  }

  isFunctionCall(): boolean {
    return this.peek().kind === 'name' && this.isOp('(', 1);
  }

  functionName(allowed: ReadonlySet<string>): string {
    const token = this.next();
    if (!ALL_FUNCTIONS.has(token.text)) throw new Detail(`Invalid function name; function: ${token.text}`);
    if (!allowed.has(token.text)) throw new Detail(`The function is not allowed to be used this way in an expression; function: ${token.text}`);
    this.expectOp('(');
    return token.text;
  }

  operand(): Operand {
    const token = this.peek();
    if (token.kind === 'valueRef') return this.value();
    if (this.isFunctionCall()) {
      this.functionName(new Set(['size']));
      const path = this.pathArgument('size');
      this.expectOp(')');
      return { kind: 'size', path };
    }
    if (token.kind === 'name' || token.kind === 'nameRef') return this.path();
    throw this.syntax(token);
  }

  pathArgument(fn: string): PathNode {
    const token = this.peek();
    if (token.kind !== 'name' && token.kind !== 'nameRef') {
      if (token.kind === 'valueRef' || this.isFunctionCall()) throw new Detail(`Operator or function requires a document path; operator or function: ${fn}`);
      throw this.syntax(token);
    }
    if (this.isFunctionCall()) throw new Detail(`Operator or function requires a document path; operator or function: ${fn}`);
    return this.path();
  }

  // ---- conditions ----

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', condition: this.negation() };
    }
    return this.primary();
  }

  primary(): Condition {
    if (this.isOp('(')) {
      this.next();
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    if (this.isFunctionCall() && this.peek().text !== 'size') return this.conditionFunction();
    const left = this.operand();
    const token = this.peek();
    if (token.kind === 'op' && COMPARATORS.has(token.text)) {
      this.next();
      const right = this.operand();
      const op = token.text as Comparator;
      if (op !== '=' && op !== '<>') {
        for (const side of [left, right]) if (side.kind === 'value') assertOrderable(op, side);
      }
      return { kind: 'compare', op, left, right };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.operand();
      if (!this.isKeyword('AND')) throw this.syntax();
      this.next();
      const high = this.operand();
      for (const side of [left, low, high]) if (side.kind === 'value') assertOrderable('BETWEEN', side);
      if (low.kind === 'value' && high.kind === 'value') {
        const order = compareScalars(low.value, high.value);
        if (order === undefined || order > 0) {
          throw new Detail(
            `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${describeValue(low)}, upper bound operand: AttributeValue: ${describeValue(high)}`,
          );
        }
      }
      return { kind: 'between', value: left, low, high };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectOp('(');
      const list = [this.operand()];
      while (this.isOp(',')) {
        this.next();
        list.push(this.operand());
      }
      this.expectOp(')');
      if (list.length > 100) throw new Detail(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: 'in', value: left, list };
    }
    throw this.syntax(token);
  }

  conditionFunction(): Condition {
    const name = this.functionName(CONDITION_FUNCTIONS);
    if (name === 'attribute_exists' || name === 'attribute_not_exists') {
      const path = this.pathArgument(name);
      this.expectOp(')');
      return { kind: 'function', name, path };
    }
    if (name === 'attribute_type') {
      const path = this.pathArgument(name);
      this.expectOp(',');
      const type = this.operand();
      this.expectOp(')');
      if (type.kind === 'value') {
        const t = typeOf(type.value);
        if (t !== 'S') throw new Detail(`Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${t}`);
        const name = (type.value as { S: string }).S;
        if (!VALID_TYPES.includes(name)) throw new Detail(`Invalid attribute type name found; type: ${name}, valid types: {${VALID_TYPES.join(',')}}`);
      }
      return { kind: 'function', name, path, type };
    }
    const first = this.operand();
    this.expectOp(',');
    const second = this.operand();
    this.expectOp(')');
    if (name === 'begins_with') {
      for (const side of [first, second]) {
        if (side.kind === 'value' && !['S', 'B'].includes(typeOf(side.value))) {
          throw new Detail(`Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${typeOf(side.value)}`);
        }
      }
    }
    return { kind: 'function', name: name as 'begins_with' | 'contains', args: [first, second] };
  }

  // ---- update ----

  update(): UpdateActions {
    const actions: UpdateActions = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<string>();
    if (this.peek().kind === 'eof') throw this.syntax();
    while (this.peek().kind !== 'eof') {
      const clause = this.peek();
      const word = clause.kind === 'name' ? clause.text.toUpperCase() : '';
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(word)) throw this.syntax(clause);
      if (seen.has(word)) throw new Detail(`The "${word}" section can only be used once in an update expression;`);
      seen.add(word);
      this.next();
      for (;;) {
        if (word === 'SET') {
          const path = this.path();
          this.expectOp('=');
          actions.set.push({ path, value: this.setValue() });
        } else if (word === 'REMOVE') actions.remove.push(this.path());
        else {
          const path = this.path();
          if (this.peek().kind !== 'valueRef') throw this.syntax();
          const value = this.value();
          const type = typeOf(value.value);
          const allowed: AttributeType[] = word === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
          if (!allowed.includes(type)) {
            throw new Detail(`Incorrect operand type for operator or function; operator: ${word}, operand type: ${typeName(type)}`);
          }
          (word === 'ADD' ? actions.add : actions.delete).push({ path, value });
        }
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    return actions;
  }

  setValue(): SetValue {
    const left = this.setOperand();
    if (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      const right = this.setOperand();
      for (const side of [left, right]) {
        if (side.kind === 'value' && typeOf(side.value) !== 'N') {
          throw new Detail(`Incorrect operand type for operator or function; operator or function: ${op}, operand type: ${typeName(typeOf(side.value))}`);
        }
      }
      return { kind: 'arithmetic', op, left, right };
    }
    return left;
  }

  setOperand(): SetValue {
    const token = this.peek();
    if (token.kind === 'valueRef') return this.value();
    if (this.isFunctionCall()) {
      const name = this.functionName(UPDATE_FUNCTIONS);
      if (name === 'if_not_exists') {
        const path = this.pathArgument(name);
        this.expectOp(',');
        const fallback = this.setValue();
        this.expectOp(')');
        return { kind: 'if_not_exists', path, fallback };
      }
      const left = this.setValue();
      this.expectOp(',');
      const right = this.setValue();
      this.expectOp(')');
      for (const side of [left, right]) {
        if (side.kind === 'value' && typeOf(side.value) !== 'L') {
          throw new Detail(`Incorrect operand type for operator or function; operator or function: list_append, operand type: ${typeName(typeOf(side.value))}`);
        }
      }
      return { kind: 'list_append', left, right };
    }
    if (token.kind === 'name' || token.kind === 'nameRef') return this.path();
    throw this.syntax(token);
  }

  // ---- projection ----

  projection(): PathNode[] {
    const paths = [this.path()];
    while (this.isOp(',')) {
      this.next();
      paths.push(this.path());
    }
    return paths;
  }
}

function typeName(type: AttributeType): string {
  return type === 'S'
    ? 'STRING'
    : type === 'N'
      ? 'NUMBER'
      : type === 'B'
        ? 'BINARY'
        : type === 'BOOL'
          ? 'BOOLEAN'
          : type === 'L'
            ? 'LIST'
            : type === 'M'
              ? 'MAP'
              : type;
}

function assertOrderable(op: string, operand: ValueNode): void {
  const type = typeOf(operand.value);
  if (type !== 'S' && type !== 'N' && type !== 'B') {
    throw new Detail(`Incorrect operand type for operator or function; operator or function: ${op}, operand type: ${type}`);
  }
}

function describeValue(node: ValueNode): string {
  const type = typeOf(node.value);
  return `{${type}:${String((node.value as Record<string, unknown>)[type])}}`;
}

function run<T>(kind: ExpressionKind, source: string, placeholders: Placeholders, body: (p: Parser) => T): T {
  if (source.trim() === '') throw new AwsError('ValidationException', `Invalid ${kind}: The expression can not be empty;`, 400);
  try {
    const parser = new Parser(source, placeholders);
    const result = body(parser);
    parser.expectEnd();
    return result;
  } catch (err) {
    if (err instanceof Detail || err instanceof ExpressionSyntaxError) throw new AwsError('ValidationException', `Invalid ${kind}: ${err.message}`, 400);
    throw err;
  }
}

export function parseCondition(source: string, placeholders: Placeholders, kind: ExpressionKind = 'ConditionExpression'): Condition {
  return run(kind, source, placeholders, (p) => p.condition());
}

export function parseUpdate(source: string, placeholders: Placeholders): UpdateActions {
  return run('UpdateExpression', source, placeholders, (p) => p.update());
}

export function parseProjection(source: string, placeholders: Placeholders): PathNode[] {
  return run('ProjectionExpression', source, placeholders, (p) => p.projection());
}
