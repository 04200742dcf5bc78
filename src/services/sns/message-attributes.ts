import { errors } from './errors.js';

/** A message attribute as SNS carries it in notifications: `{"Type": "String", "Value": "..."}`; binary values base64. */
export interface SnsAttribute {
  Type: string;
  Value: string;
}

export interface WireAttribute {
  DataType?: string;
  StringValue?: string;
  /** Base64 text, as the query protocol carries blobs. */
  BinaryValue?: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/** Validates Publish's MessageAttributes as SNS does and turns them into notification attributes. */
export function checkMessageAttributes(input: Record<string, WireAttribute> | undefined): Record<string, SnsAttribute> {
  const out: Record<string, SnsAttribute> = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    if (!NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..') || /^(aws\.|amazon\.)/i.test(name)) {
      throw errors.invalidParameterValue(`Invalid attribute name: '${name}'`);
    }
    const dataType = value.DataType ?? '';
    if (!dataType) throw errors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    const base = dataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw errors.invalidParameterValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const text = base === 'Binary' ? value.BinaryValue : value.StringValue;
    if (text === undefined || text === '') {
      throw errors.invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${base}'.`,
      );
    }
    if (base === 'Number' && !Number.isFinite(Number(text))) throw errors.invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
    if (dataType === 'String.Array' && !isFlatArray(text)) {
      throw errors.invalidParameterValue(`The message attribute '${name}' with type 'String.Array' has invalid value '${text}'.`);
    }
    out[name] = { Type: dataType, Value: text };
  }
  return out;
}

function isFlatArray(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  } catch {
    return false;
  }
}

/** The attributes as a filter policy sees them: strings, numbers, arrays; binary attributes are invisible to filters. */
export function attributesForFiltering(attributes: Readonly<Record<string, SnsAttribute>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, { Type, Value }] of Object.entries(attributes)) {
    if (Type.startsWith('Binary')) continue;
    if (Type === 'String.Array') out[name] = JSON.parse(Value) as unknown;
    else if (Type.startsWith('Number')) out[name] = Number(Value);
    else out[name] = Value;
  }
  return out;
}

/** The byte size AWS counts towards the 256 KB limit: each name, type and value. */
export function attributesSize(attributes: Readonly<Record<string, SnsAttribute>>): number {
  let size = 0;
  for (const [name, { Type, Value }] of Object.entries(attributes)) size += Buffer.byteLength(name) + Buffer.byteLength(Type) + Buffer.byteLength(Value);
  return size;
}
