import { type Expr, type Node, type Reference, VtlError } from './ast.js';
import { parseTemplate } from './parser.js';
import { callMethod, display, equal, getProperty, host, isMap } from './values.js';

class Stop {}
class Break {}

/** Top-level names (`$input`, `$util`, `$context`, ...) and the template's own `#set` variables. */
export type Variables = Record<string, unknown>;

const cache = new Map<string, Node[]>();
const CACHE_LIMIT = 500;

/** Parses once per distinct template text (mapping templates are rendered on every request). */
export function compile(template: string): Node[] {
  let nodes = cache.get(template);
  if (!nodes) {
    nodes = parseTemplate(template);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(template, nodes);
  }
  return nodes;
}

/** Renders a Velocity template with `variables` in scope. */
export function render(template: string, variables: Variables): string {
  const out: string[] = [];
  const scope: Variables = { ...variables };
  try {
    renderNodes(compile(template), scope, out);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return out.join('');
}

function renderNodes(nodes: readonly Node[], scope: Variables, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push(node.text);
        break;
      case 'ref': {
        const value = resolve(node.ref, scope);
        if (value === undefined || value === null) {
          if (!node.quiet) out.push(node.source);
        } else out.push(display(value));
        break;
      }
      case 'set':
        assign(node.target, evaluate(node.value, scope), scope);
        break;
      case 'if': {
        const branch = node.branches.find((b) => truthy(evaluate(b.condition, scope)));
        if (branch) renderNodes(branch.body, scope, out);
        else if (node.otherwise) renderNodes(node.otherwise, scope, out);
        break;
      }
      case 'foreach':
        loop(node, scope, out);
        break;
      case 'break':
        throw new Break();
      case 'stop':
        throw new Stop();
    }
  }
}

function loop(node: Node & { kind: 'foreach' }, scope: Variables, out: string[]): void {
  const source = evaluate(node.items, scope);
  const items = Array.isArray(source) ? [...source] : isMap(source) ? Object.values(source) : source === undefined || source === null ? [] : [source];
  const saved = { value: scope[node.variable], foreach: scope.foreach, count: scope.velocityCount };
  try {
    items.forEach((item, index) => {
      scope[node.variable] = item;
      const hasNext = index < items.length - 1;
      scope.foreach = host({ index, count: index + 1, hasNext, first: index === 0, last: !hasNext, isFirst: () => index === 0, isLast: () => !hasNext });
      scope.velocityCount = index + 1;
      renderNodes(node.body, scope, out);
    });
  } catch (err) {
    if (!(err instanceof Break)) throw err;
  } finally {
    scope[node.variable] = saved.value;
    scope.foreach = saved.foreach;
    scope.velocityCount = saved.count;
  }
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}

function resolve(ref: Reference, scope: Variables): unknown {
  let value: unknown = scope[ref.name];
  for (const step of ref.steps) {
    if (value === undefined || value === null) return undefined;
    if (step.kind === 'property') value = getProperty(value, step.name);
    else if (step.kind === 'method')
      value = callMethod(
        value,
        step.name,
        step.args.map((a) => evaluate(a, scope)),
      );
    else {
      const index = evaluate(step.index, scope);
      value = Array.isArray(value) ? value[Number(index)] : isMap(value) ? value[display(index)] : getProperty(value, display(index));
    }
  }
  return value;
}

function assign(target: Reference, value: unknown, scope: Variables): void {
  // Velocity 1.7 leaves the target as it was when the value is null.
  if (value === undefined || value === null) return;
  if (target.steps.length === 0) {
    scope[target.name] = value;
    return;
  }
  const last = target.steps[target.steps.length - 1]!;
  const owner = resolve({ name: target.name, steps: target.steps.slice(0, -1) }, scope);
  if (last.kind === 'property' && isMap(owner)) owner[last.name] = value;
  else if (last.kind === 'index') {
    const index = evaluate(last.index, scope);
    if (Array.isArray(owner)) owner[Number(index)] = value;
    else if (isMap(owner)) owner[display(index)] = value;
  }
}

function number(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new VtlError(`not a number: ${display(v)}`);
  return n;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  const integers = Number.isInteger(a) && Number.isInteger(b);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      // Division by zero is null in Velocity.
      if (b === 0) return undefined;
      return integers ? Math.trunc(a / b) : a / b;
    case '%':
      if (b === 0) return undefined;
      return a % b;
  }
  return undefined;
}

export function evaluate(expr: Expr, scope: Variables): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'interpolated': {
      const out: string[] = [];
      renderNodes(expr.nodes, scope, out);
      return out.join('');
    }
    case 'ref':
      return resolve(expr.ref, scope);
    case 'list':
      return expr.items.map((i) => evaluate(i, scope));
    case 'range': {
      const from = Math.trunc(number(evaluate(expr.from, scope)));
      const to = Math.trunc(number(evaluate(expr.to, scope)));
      const out: number[] = [];
      for (let i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1) out.push(i);
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of expr.entries) out[display(evaluate(k, scope))] = evaluate(v, scope);
      return out;
    }
    case 'not':
      return !truthy(evaluate(expr.operand, scope));
    case 'negate':
      return -number(evaluate(expr.operand, scope));
    case 'binary': {
      if (expr.op === '&&') return truthy(evaluate(expr.left, scope)) && truthy(evaluate(expr.right, scope));
      if (expr.op === '||') return truthy(evaluate(expr.left, scope)) || truthy(evaluate(expr.right, scope));
      const a = evaluate(expr.left, scope);
      const b = evaluate(expr.right, scope);
      if (expr.op === '==') return equal(a, b);
      if (expr.op === '!=') return !equal(a, b);
      if (expr.op === '+' && (typeof a === 'string' || typeof b === 'string')) return display(a) + display(b);
      if (['<', '>', '<=', '>='].includes(expr.op)) {
        const [x, y] = typeof a === 'string' && typeof b === 'string' ? [a, b] : [number(a), number(b)];
        return expr.op === '<' ? x < y : expr.op === '>' ? x > y : expr.op === '<=' ? x <= y : x >= y;
      }
      if (a === undefined || a === null || b === undefined || b === null) return undefined;
      return arithmetic(expr.op, number(a), number(b));
    }
  }
}
