import type { QueryParams } from '../../protocols/query.js';
import { membersByIndex, queryList, queryMap, xmlElement } from '../../protocols/query.js';
import { errors } from './errors.js';

/**
 * SQS's query-protocol shapes: how flat parameters (`Attribute.1.Name`) become the JSON-protocol
 * input the operations take, and how their output becomes XML (lists and maps are flattened).
 */
const STRING_MAPS: Record<string, { param: string; key: string; value: string }> = {
  Attributes: { param: 'Attribute', key: 'Name', value: 'Value' },
};
const LISTS: Record<string, string> = {
  AttributeNames: 'AttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
  TagKeys: 'TagKey',
  AWSAccountIds: 'AWSAccountId',
  Actions: 'ActionName',
};
const MAX_BATCH_ENTRIES = 10;
const ENTRY_LISTS = ['SendMessageBatchRequestEntry', 'DeleteMessageBatchRequestEntry', 'ChangeMessageVisibilityBatchRequestEntry'];

export function decodeQueryInput(action: string, params: QueryParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of params) if (!key.includes('.') && key !== 'Action' && key !== 'Version') input[key] = value;
  for (const [field, spec] of Object.entries(STRING_MAPS)) {
    // A name without its value (or a value without its name) is a missing parameter, not an omission.
    for (const member of membersByIndex(params, spec.param).values()) {
      if (member.has(spec.key) !== member.has(spec.value)) throw errors.missingParameter(`${spec.param}.${member.has(spec.key) ? spec.value : spec.key}`);
    }
    const map = queryMap(params, spec.param, spec.key, spec.value, (p, prefix) => p.get(prefix));
    if (map) input[field] = map;
  }
  const tags = queryMap(params, 'Tag', 'Key', 'Value', (p, prefix) => p.get(prefix));
  if (tags) input[action === 'CreateQueue' ? 'tags' : 'Tags'] = tags;
  for (const [field, param] of Object.entries(LISTS)) {
    const list = queryList(params, param);
    if (list) input[field] = list;
  }
  Object.assign(input, decodeMessageAttributes(params));
  for (const entryName of ENTRY_LISTS) {
    const members = membersByIndex(params, entryName);
    if (members.size === 0) continue;
    // Refused before any entry is decoded: the request may hold thousands of them.
    if (members.size > MAX_BATCH_ENTRIES) throw errors.tooManyEntries(members.size);
    input.Entries = [...members.keys()]
      .sort((a, b) => a - b)
      .map((i) => {
        const sub = members.get(i)!;
        const entry: Record<string, unknown> = {};
        for (const [key, value] of sub) if (!key.includes('.')) entry[key] = value;
        return Object.assign(entry, decodeMessageAttributes(sub));
      });
  }
  return input;
}

function decodeMessageAttributes(params: QueryParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const value = (p: QueryParams, prefix: string) => {
    const v: Record<string, unknown> = {};
    const dataType = p.get(`${prefix}.DataType`);
    if (dataType !== undefined) v.DataType = dataType;
    const s = p.get(`${prefix}.StringValue`);
    if (s !== undefined) v.StringValue = s;
    const b = p.get(`${prefix}.BinaryValue`);
    if (b !== undefined) v.BinaryValue = b;
    return v;
  };
  const user = queryMap(params, 'MessageAttribute', 'Name', 'Value', value);
  if (user) out.MessageAttributes = user;
  const system = queryMap(params, 'MessageSystemAttribute', 'Name', 'Value', value);
  if (system) out.MessageSystemAttributes = system;
  return out;
}

/** Flattened-list member names and flattened-map entry names, by output field. */
const FLAT_LISTS: Record<string, string> = {
  QueueUrls: 'QueueUrl',
  queueUrls: 'QueueUrl',
  Messages: 'Message',
  Failed: 'BatchResultErrorEntry',
  Results: 'ListMessageMoveTasksResultEntry',
  StringListValues: 'StringListValue',
  BinaryListValues: 'BinaryListValue',
};
const FLAT_MAPS: Record<string, { entry: string; key: string; value: string }> = {
  Attributes: { entry: 'Attribute', key: 'Name', value: 'Value' },
  MessageAttributes: { entry: 'MessageAttribute', key: 'Name', value: 'Value' },
  Tags: { entry: 'Tag', key: 'Key', value: 'Value' },
};

export function encodeQueryOutput(action: string, output: Record<string, unknown> | undefined): string | undefined {
  if (!output) return undefined;
  return Object.entries(output)
    .map(([name, value]) => encodeField(action, name, value))
    .join('');
}

function encodeField(action: string, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const member = name === 'Successful' ? `${action}ResultEntry` : (FLAT_LISTS[name] ?? name);
    return value.map((item) => encodeNode(action, member, item)).join('');
  }
  const map = FLAT_MAPS[name];
  if (map && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<${map.entry}>${xmlElement(map.key, k)}${encodeNode(action, map.value, v)}</${map.entry}>`)
      .join('');
  }
  return encodeNode(action, name, value);
}

function encodeNode(action: string, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => encodeField(action, k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return xmlElement(name, value as string | number | boolean);
}
