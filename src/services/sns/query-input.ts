import { membersByIndex, type QueryParams, subParams, xmlElement } from '../../protocols/query.js';
import { errors } from './errors.js';
import type { WireAttribute } from './message-attributes.js';

/** A required parameter, or SNS's error naming it. */
export function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw errors.invalidParameter(`Invalid parameter: ${name}`);
  return value;
}

/** `Prefix.entry.N.key` / `Prefix.entry.N.value` (the query form of a non-flattened map). */
export function entryMap(params: QueryParams, prefix: string, keyName = 'key', valueName = 'value'): Record<string, string> | undefined {
  const members = membersByIndex(params, `${prefix}.entry`);
  if (members.size === 0) return undefined;
  const out: Record<string, string> = {};
  for (const i of [...members.keys()].sort((a, b) => a - b)) {
    const member = members.get(i)!;
    const key = member.get(keyName);
    if (key !== undefined) out[key] = member.get(valueName) ?? '';
  }
  return out;
}

/** `Tags.member.N.Key` / `.Value`. */
export function tagList(params: QueryParams, prefix = 'Tags'): { Key: string; Value: string }[] | undefined {
  const members = membersByIndex(params, `${prefix}.member`);
  if (members.size === 0) return undefined;
  return [...members.keys()].sort((a, b) => a - b).map((i) => ({ Key: members.get(i)!.get('Key') ?? '', Value: members.get(i)!.get('Value') ?? '' }));
}

/** `TagKeys.member.N`. */
export function memberList(params: QueryParams, prefix: string): string[] | undefined {
  const members = membersByIndex(params, `${prefix}.member`);
  if (members.size === 0) return undefined;
  return [...members.keys()].sort((a, b) => a - b).map((i) => params.get(`${prefix}.member.${i}`) ?? '');
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType|StringValue|BinaryValue`. */
export function messageAttributes(params: QueryParams, prefix = 'MessageAttributes'): Record<string, WireAttribute> | undefined {
  const members = membersByIndex(params, `${prefix}.entry`);
  if (members.size === 0) return undefined;
  const out: Record<string, WireAttribute> = {};
  for (const i of [...members.keys()].sort((a, b) => a - b)) {
    const member = members.get(i)!;
    const name = member.get('Name');
    if (name === undefined) continue;
    const value: WireAttribute = {};
    const dataType = member.get('Value.DataType');
    if (dataType !== undefined) value.DataType = dataType;
    const s = member.get('Value.StringValue');
    if (s !== undefined) value.StringValue = s;
    const b = member.get('Value.BinaryValue');
    if (b !== undefined) value.BinaryValue = b;
    out[name] = value;
  }
  return out;
}

/** `PublishBatchRequestEntries.member.N.*`, each as its own parameter map. */
export function batchEntries(params: QueryParams): Map<string, string>[] {
  const members = membersByIndex(params, 'PublishBatchRequestEntries.member');
  return [...members.keys()].sort((a, b) => a - b).map((i) => subParams(params, `PublishBatchRequestEntries.member.${i}`));
}

/** A string map as SNS's XML writes it: `<entry><key/><value/></entry>`. */
export function xmlEntries(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .map(([k, v]) => `<entry>${xmlElement('key', k)}${xmlElement('value', v)}</entry>`)
    .join('');
}

/** Paging tokens: the last key of the previous page, opaque to callers. */
export function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (!key) throw errors.invalidParameter('Invalid parameter: NextToken');
  return key;
}
