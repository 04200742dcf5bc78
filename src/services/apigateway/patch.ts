import { badRequest } from './errors.js';

/** One member of an Update* request's `patchOperations`. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: string;
  from?: string;
}

/** How a patched member's text value is read: API Gateway sends every value as a string. */
export type Coerce = 'boolean' | 'number' | 'string';

export interface PatchRules {
  /** Top-level members that may be patched, with the type their text value becomes. */
  members: Record<string, Coerce>;
  /** Members that are string lists (`add`/`remove` `/binaryMediaTypes/image~1png`). */
  lists?: readonly string[];
  /** Members that are maps (`/variables/name`, `/requestParameters/method.request.header.x`). */
  maps?: Record<string, Coerce>;
}

/** `~1` is `/` and `~0` is `~` in a patch path segment (JSON Pointer escaping). */
function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function coerce(value: string | undefined, as: Coerce, path: string): unknown {
  if (as === 'string') return value;
  if (as === 'boolean') {
    if (value !== 'true' && value !== 'false') throw badRequest(`Invalid boolean value '${value}' for ${path}`);
    return value === 'true';
  }
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n)) throw badRequest(`Invalid number value '${value}' for ${path}`);
  return n;
}

/** Applies patch operations to `target` in place, as API Gateway's Update* operations do. */
export function applyPatch(target: Record<string, unknown>, operations: readonly PatchOperation[] | undefined, rules: PatchRules): void {
  for (const operation of operations ?? []) {
    const path = operation.path ?? '';
    const [head = '', ...rest] = path.replace(/^\//, '').split('/');
    const member = unescapePointer(head);
    const tail = rest.map(unescapePointer).join('/');
    if (rules.lists?.includes(member)) {
      const list = (target[member] as string[] | undefined) ?? [];
      const item = tail || operation.value;
      if (operation.op === 'add' || (operation.op === 'replace' && !tail)) {
        if (item !== undefined && !list.includes(item)) list.push(item);
      } else if (operation.op === 'remove') {
        const i = item === undefined ? -1 : list.indexOf(item);
        if (i >= 0) list.splice(i, 1);
      } else if (operation.op === 'replace' && tail) {
        const i = list.indexOf(tail);
        if (i >= 0 && operation.value !== undefined) list[i] = operation.value;
      }
      if (list.length > 0) target[member] = list;
      else delete target[member];
      continue;
    }
    const mapType = rules.maps?.[member];
    if (mapType && tail) {
      const map = (target[member] as Record<string, unknown> | undefined) ?? {};
      if (operation.op === 'remove') delete map[tail];
      else map[tail] = coerce(operation.value, mapType, path);
      if (Object.keys(map).length > 0) target[member] = map;
      else delete target[member];
      continue;
    }
    const type = rules.members[member];
    if (!type || rest.length > 0) throw badRequest(`Invalid patch path ${path}`);
    if (operation.op === 'remove') delete target[member];
    else if (operation.op === 'replace' || operation.op === 'add') {
      if (operation.value === undefined || operation.value === null) delete target[member];
      else target[member] = coerce(operation.value, type, path);
    } else throw badRequest(`Invalid patch operation specified. Must be one of: [add, remove, replace]`);
  }
}
