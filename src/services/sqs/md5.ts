import { createHash } from 'node:crypto';

/** A message (or system) attribute as SQS stores it; binary values as raw bytes. */
export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
  StringListValues?: string[];
  BinaryListValues?: Buffer[];
}

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * MD5OfMessageAttributes as AWS computes it (and the SDKs verify): attributes sorted by name; each
 * contributes length-prefixed name and type, a transport byte (1 string/number, 2 binary) and the
 * length-prefixed value. Undefined when there are no attributes.
 */
export function md5OfAttributes(attributes: Readonly<Record<string, AttributeValue>> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const lengthPrefixed = (data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    parts.push(len, data);
  };
  for (const name of names) {
    const value = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(value.DataType, 'utf8'));
    if (value.StringValue !== undefined) {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue, 'utf8'));
    } else if (value.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(value.BinaryValue);
    } else if (value.StringListValues) {
      parts.push(Buffer.from([3]));
      for (const s of value.StringListValues) lengthPrefixed(Buffer.from(s, 'utf8'));
    } else if (value.BinaryListValues) {
      parts.push(Buffer.from([4]));
      for (const b of value.BinaryListValues) lengthPrefixed(b);
    }
  }
  return md5Hex(Buffer.concat(parts));
}
