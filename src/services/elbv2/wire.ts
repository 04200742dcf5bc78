/**
 * The query protocol's shapes, both ways, without a service model: flat parameters
 * (`Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight`) become nested objects with
 * `member.N` lists as arrays, and output objects become XML with lists as `<member>` elements.
 */
import { xmlEscape, type QueryParams } from '../../protocols/query.js';

export type Tree = string | Tree[] | { [key: string]: Tree };

/** The parameters as a tree; `Foo.member.N...` and `Foo.entry.N...` become arrays in index order. */
export function unflatten(params: QueryParams): Record<string, Tree> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      node[part] ??= {};
      const next = node[part];
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return listify(root) as Record<string, Tree>;
}

function listify(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry') && typeof record[keys[0]] === 'object') {
    const members = record[keys[0]] as Record<string, unknown>;
    return Object.keys(members)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => listify(members[k]));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = listify(record[k]);
  return out;
}

/** An output value as XML: objects as elements in their key order, arrays as `<member>`s. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    let out = '';
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      out += `<${k}>${toXml(v)}</${k}>`;
    }
    return out;
  }
  return xmlEscape(String(value));
}

export const asList = (tree: Tree | undefined): Tree[] | undefined =>
  tree === undefined ? undefined : Array.isArray(tree) ? tree : typeof tree === 'object' ? [] : undefined;
export const asRecord = (tree: Tree | undefined): Record<string, Tree> | undefined =>
  tree !== undefined && typeof tree === 'object' && !Array.isArray(tree) ? tree : undefined;
export const asString = (tree: Tree | undefined): string | undefined => (typeof tree === 'string' ? tree : undefined);
