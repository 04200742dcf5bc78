/**
 * UpdateExpression applied to an item. Every right-hand side is read from the item as it was
 * before the update (AWS evaluates all operands first, then writes).
 */
import { AwsError } from '../../../protocols/aws-error.js';
import { addNumbers } from '../numbers.js';
import { type AttributeValue, type Item, valuesEqual } from '../values.js';
import type { PathNode, SetValue, UpdateActions } from './ast.js';
import { resolvePath } from './evaluate.js';

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

const wrongType = () => validation('An operand in the update expression has an incorrect data type');
const invalidPath = () => validation('The document path provided in the update expression is invalid for update');

function renderPath(path: PathNode): string {
  return `[${path.elements.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

/** AWS refuses two actions on overlapping paths (`a` and `a.b`, or `a` twice), and any action on a key attribute. */
export function checkUpdatePaths(actions: UpdateActions, keyNames: readonly string[]): PathNode[] {
  const paths = [...actions.set.map((a) => a.path), ...actions.remove, ...actions.add.map((a) => a.path), ...actions.delete.map((a) => a.path)];
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!.elements;
      const b = paths[j]!.elements;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k === n) {
        throw validation(
          `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${renderPath(paths[i]!)}, path two: ${renderPath(paths[j]!)}`,
        );
      }
      if (k < n && typeof a[k] !== typeof b[k]) {
        throw validation(
          `Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${renderPath(paths[i]!)}, path two: ${renderPath(paths[j]!)}`,
        );
      }
    }
  }
  for (const path of paths) {
    const top = path.elements[0] as string;
    if (keyNames.includes(top))
      throw validation(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
  }
  return paths;
}

function evaluateSet(value: SetValue, item: Item): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'path': {
      const found = resolvePath(item, value);
      if (found === undefined) throw validation('The provided expression refers to an attribute that does not exist in the item');
      return found;
    }
    case 'if_not_exists':
      return resolvePath(item, value.path) ?? evaluateSet(value.fallback, item);
    case 'list_append': {
      const left = evaluateSet(value.left, item);
      const right = evaluateSet(value.right, item);
      if (!('L' in left) || !('L' in right)) throw wrongType();
      return { L: [...left.L, ...right.L] };
    }
    case 'arithmetic': {
      const left = evaluateSet(value.left, item);
      const right = evaluateSet(value.right, item);
      if (!('N' in left) || !('N' in right)) throw wrongType();
      return { N: addNumbers(left.N, right.N, value.op === '-') };
    }
  }
}

/** The container holding the path's last element, or undefined when a step on the way is missing. */
function parentOf(root: { M: Item }, path: PathNode): AttributeValue | undefined {
  let current: AttributeValue | undefined = root;
  for (const element of path.elements.slice(0, -1)) {
    if (current === undefined) return undefined;
    if (typeof element === 'number') current = 'L' in current ? (current as { L: AttributeValue[] }).L[element] : undefined;
    else current = 'M' in current ? current.M[element] : undefined;
  }
  return current;
}

function assign(root: { M: Item }, path: PathNode, value: AttributeValue): void {
  const parent = parentOf(root, path);
  const last = path.elements[path.elements.length - 1]!;
  if (typeof last === 'number') {
    if (!parent || !('L' in parent)) throw invalidPath();
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else {
    if (!parent || !('M' in parent)) throw invalidPath();
    parent.M[last] = value;
  }
}

function removeAll(root: { M: Item }, paths: readonly PathNode[]): void {
  // List elements go highest index first, so removing one does not shift another still to remove.
  const ordered = [...paths].sort((a, b) => {
    const x = a.elements[a.elements.length - 1];
    const y = b.elements[b.elements.length - 1];
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  });
  for (const path of ordered) {
    const parent = parentOf(root, path);
    const last = path.elements[path.elements.length - 1]!;
    if (!parent) continue;
    if (typeof last === 'number') {
      if ('L' in parent) {
        if (last < parent.L.length) parent.L.splice(last, 1);
      } else if (path.elements.length > 1) throw invalidPath();
    } else if ('M' in parent) delete parent.M[last];
    else throw invalidPath();
  }
}

function setOf(value: AttributeValue): { type: 'SS' | 'NS' | 'BS'; members: string[] } | undefined {
  if ('SS' in value) return { type: 'SS', members: value.SS };
  if ('NS' in value) return { type: 'NS', members: value.NS };
  if ('BS' in value) return { type: 'BS', members: value.BS };
  return undefined;
}

function containsMember(type: string, members: readonly string[], member: string): boolean {
  return members.some((m) => (type === 'NS' ? valuesEqual({ N: m }, { N: member }) : m === member));
}

/** The item after the update (a new object; `item` is not changed). */
export function applyUpdate(actions: UpdateActions, item: Item): Item {
  const before = structuredClone(item);
  const root = { M: structuredClone(item) };
  const sets = actions.set.map((action) => ({ path: action.path, value: structuredClone(evaluateSet(action.value, before)) }));
  for (const { path, value } of sets) assign(root, path, value);
  removeAll(root, actions.remove);
  for (const { path, value } of actions.add) {
    const current = resolvePath(before, path);
    if (current === undefined) {
      assign(root, path, structuredClone(value.value));
      continue;
    }
    if ('N' in current && 'N' in value.value) {
      assign(root, path, { N: addNumbers(current.N, value.value.N) });
      continue;
    }
    const have = setOf(current);
    const add = setOf(value.value);
    if (!have || !add || have.type !== add.type) throw wrongType();
    const merged = [...have.members];
    for (const member of add.members) if (!containsMember(have.type, merged, member)) merged.push(member);
    assign(root, path, { [have.type]: merged } as AttributeValue);
  }
  for (const { path, value } of actions.delete) {
    const current = resolvePath(before, path);
    if (current === undefined) continue;
    const have = setOf(current);
    const remove = setOf(value.value);
    if (!have || !remove || have.type !== remove.type) throw wrongType();
    const left = have.members.filter((m) => !containsMember(have.type, remove.members, m));
    if (left.length === 0) removeAll(root, [path]);
    else assign(root, path, { [have.type]: left } as AttributeValue);
  }
  return root.M;
}
