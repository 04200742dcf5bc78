/**
 * `SizeBytes` of a stream record: the DynamoDB item size of its Keys and images (attribute names
 * plus values as DynamoDB counts them: strings and binaries by bytes, numbers by about one byte per
 * two significant digits plus one, 1 for booleans and nulls, 3 bytes per list or map).
 */
import type { DynamoDbAttributeValue, DynamoDbItem } from '../../contracts.js';

export function itemSize(item: DynamoDbItem | undefined): number {
  if (!item) return 0;
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: DynamoDbAttributeValue): number {
  const [type, v] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(v));
    case 'N':
      return numberSize(String(v));
    case 'B':
      return binarySize(v);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (v as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
    case 'NS':
      return (v as string[]).reduce((n, s) => n + numberSize(s), 0);
    case 'BS':
      return (v as unknown[]).reduce<number>((n, b) => n + binarySize(b), 0);
    case 'L':
      return 3 + (v as DynamoDbAttributeValue[]).reduce((n, e) => n + 1 + valueSize(e), 0);
    case 'M':
      return 3 + Object.entries(v as DynamoDbItem).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
    default:
      return 0;
  }
}

function numberSize(n: string): number {
  const digits = n
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function binarySize(b: unknown): number {
  if (typeof b === 'string') return Buffer.from(b, 'base64').length;
  if (b instanceof Uint8Array) return b.length;
  return 0;
}
