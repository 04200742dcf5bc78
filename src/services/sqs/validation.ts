import { errors } from './errors.js';
import type { AttributeValue } from './md5.js';

// Body characters SQS accepts: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
const INVALID_BODY_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// "Alphanumeric" to SQS includes letters and digits beyond ASCII (`größe`, `名前`).
const ATTRIBUTE_NAME = /^[\p{L}\p{N}_\-.]{1,256}$/u;
const ATTRIBUTE_TYPE = /^(String|Number|Binary)(\..+)?$/;
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function checkBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) throw errors.missingParameter('MessageBody');
  if (INVALID_BODY_CHAR.test(body)) throw errors.invalidMessageContents();
  return body;
}

/** Validates user message attributes; returns them with binary values as Buffers. */
export function checkMessageAttributes(raw: unknown, kind: 'user' | 'system' = 'user'): Record<string, AttributeValue> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidParameterValue('MessageAttributes must be a map.');
  const entries = Object.entries(raw as Record<string, Record<string, unknown>>);
  if (entries.length === 0) return undefined;
  if (entries.length > 10) {
    throw errors.invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  }
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of entries) {
    if (kind === 'system') {
      if (name !== 'AWSTraceHeader') throw errors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    } else {
      if (!ATTRIBUTE_NAME.test(name) || name.includes('..') || name.startsWith('.') || name.endsWith('.')) {
        throw errors.invalidParameterValue(
          `Message (user) attribute name '${name}' is invalid. The attribute name can contain only alphanumeric characters, hyphens, underscores, and periods.`,
        );
      }
      if (/^(aws\.|amazon\.)/i.test(name)) {
        throw errors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid. Names can't start with the 'AWS.' or 'Amazon.' prefixes.`);
      }
    }
    const label = kind === 'user' ? 'Message (user)' : 'Message system';
    const dataType = value?.DataType;
    if (typeof dataType !== 'string' || dataType === '') {
      throw errors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    }
    if (!ATTRIBUTE_TYPE.test(dataType)) {
      throw errors.invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    const base = dataType.split('.')[0]!;
    if (base === 'Binary') {
      const binary = toBuffer(value.BinaryValue);
      if (!binary || binary.length === 0) {
        throw errors.invalidParameterValue(`${label} attribute '${name}' must contain a non-empty value of type 'Binary'.`);
      }
      out[name] = { DataType: dataType, BinaryValue: binary };
    } else {
      const str = value.StringValue;
      if (typeof str !== 'string' || str === '') {
        throw errors.invalidParameterValue(`${label} attribute '${name}' must contain a non-empty value of type '${base}'.`);
      }
      if (INVALID_BODY_CHAR.test(str)) throw errors.invalidParameterValue(`${label} attribute '${name}' contains invalid characters.`);
      if (base === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(str.trim())) {
        throw errors.invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      }
      out[name] = { DataType: dataType, StringValue: str };
    }
  }
  return out;
}

function toBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  return undefined;
}

export function checkFifoId(value: unknown, parameter: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !FIFO_ID.test(value)) {
    throw errors.invalidValue(parameter, value, `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
  return value;
}

export function checkInt(value: unknown, parameter: string, min: number, max: number, reason: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw errors.invalidValue(parameter, value, reason);
  return n;
}

/** The batch rules every *Batch action shares: non-empty, at most 10, well-formed distinct ids. */
export function checkBatch<T extends { Id?: unknown }>(entries: unknown, entryShape: string): T[] {
  if (!Array.isArray(entries) || entries.length === 0) throw errors.emptyBatch(entryShape);
  if (entries.length > 10) throw errors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const entry of entries as T[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) throw errors.invalidBatchEntryId();
    if (seen.has(id)) throw errors.idsNotDistinct(id);
    seen.add(id);
  }
  return entries as T[];
}
