/** The parsed forms of DynamoDB's expressions (condition, filter, key condition, update, projection). */
import type { AttributeValue } from '../values.js';

/** A document path with names already substituted: `a.b[2].c` is `['a', 'b', 2, 'c']`. */
export interface PathNode {
  kind: 'path';
  elements: (string | number)[];
}

export interface ValueNode {
  kind: 'value';
  value: AttributeValue;
  /** The placeholder it came from (`:v`), for messages. */
  ref: string;
}

export interface SizeNode {
  kind: 'size';
  path: PathNode;
}

export type Operand = PathNode | ValueNode | SizeNode;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; value: Operand; low: Operand; high: Operand }
  | { kind: 'in'; value: Operand; list: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; condition: Condition }
  | { kind: 'function'; name: 'attribute_exists' | 'attribute_not_exists'; path: PathNode }
  | { kind: 'function'; name: 'attribute_type'; path: PathNode; type: Operand }
  | { kind: 'function'; name: 'begins_with' | 'contains'; args: [Operand, Operand] };

/** The right side of a SET action. */
export type SetValue =
  | PathNode
  | ValueNode
  | { kind: 'if_not_exists'; path: PathNode; fallback: SetValue }
  | { kind: 'list_append'; left: SetValue; right: SetValue }
  | { kind: 'arithmetic'; op: '+' | '-'; left: SetValue; right: SetValue };

export interface UpdateActions {
  set: { path: PathNode; value: SetValue }[];
  remove: PathNode[];
  add: { path: PathNode; value: ValueNode }[];
  delete: { path: PathNode; value: ValueNode }[];
}

export function pathText(path: PathNode): string {
  return path.elements.map((e, i) => (typeof e === 'number' ? `[${e}]` : i === 0 ? e : `.${e}`)).join('');
}
