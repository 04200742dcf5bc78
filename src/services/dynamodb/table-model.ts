/** A table as stored (its definition), its keys, and the TableDescription AWS shows for it. */
import { AwsError } from '../../protocols/aws-error.js';
import { sortableNumber } from './numbers.js';
import type { AttributeValue, Item } from './values.js';

export interface KeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
  NumberOfDecreasesToday: number;
}

export interface IndexDef {
  IndexName: string;
  KeySchema: KeyElement[];
  Projection: Projection;
  /** GSIs only. */
  ProvisionedThroughput?: Throughput;
  /** GSIs only: CREATING until `activeAt`, DELETING while being dropped. */
  createdAt: number;
  activeAt?: number;
}

export interface TableDef {
  name: string;
  id: string;
  arn: string;
  accountId: string;
  region: string;
  createdAt: number;
  /** The table reads CREATING (or UPDATING) until then. */
  activeAt: number;
  updatingUntil?: number;
  keySchema: KeyElement[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  payPerRequestSince?: number;
  throughput: Throughput;
  gsis: IndexDef[];
  lsis: IndexDef[];
  stream?: { enabled: boolean; viewType?: string; arn?: string; label?: string };
  deletionProtection: boolean;
  ttl?: { attributeName: string; enabled: boolean };
  tags: Record<string, string>;
  tableClass?: string;
}

export interface KeyInfo {
  hash: string;
  hashType: 'S' | 'N' | 'B';
  range?: string;
  rangeType?: 'S' | 'N' | 'B';
}

export function keyInfo(def: Pick<TableDef, 'attributeDefinitions'>, schema: readonly KeyElement[]): KeyInfo {
  const typeOf = (name: string) => def.attributeDefinitions.find((a) => a.AttributeName === name)!.AttributeType;
  const hash = schema.find((k) => k.KeyType === 'HASH')!.AttributeName;
  const range = schema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return range ? { hash, hashType: typeOf(hash), range, rangeType: typeOf(range) } : { hash, hashType: typeOf(hash) };
}

export function tableKeys(def: TableDef): KeyInfo {
  return keyInfo(def, def.keySchema);
}

export function keyNames(info: KeyInfo): string[] {
  return info.range ? [info.hash, info.range] : [info.hash];
}

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

function scalarOf(value: AttributeValue): string | undefined {
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  if ('B' in value) return value.B;
  return undefined;
}

/** Checks a key given as `Key` (Get/Update/Delete): exactly the schema's attributes, of its types. */
export function checkKey(info: KeyInfo, key: Item): Item {
  const names = keyNames(info);
  const given = Object.keys(key);
  if (given.length !== names.length || !names.every((n) => Object.hasOwn(key, n))) throw invalid('The provided key element does not match the schema');
  for (const [name, type] of [
    [info.hash, info.hashType],
    [info.range, info.rangeType],
  ] as const) {
    if (!name) continue;
    const value = key[name]!;
    if (!(type! in value)) throw invalid('The provided key element does not match the schema');
    assertNotEmptyKey(name, value);
  }
  return key;
}

function assertNotEmptyKey(name: string, value: AttributeValue): void {
  if ('S' in value && value.S === '') {
    throw invalid(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`);
  }
  if ('B' in value && value.B === '') {
    throw invalid(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: ${name}`);
  }
}

/** Checks the key attributes of a whole item (PutItem) against the table and its indexes. */
export function checkItemKeys(def: TableDef, item: Item): void {
  const info = tableKeys(def);
  for (const [name, type] of [
    [info.hash, info.hashType],
    [info.range, info.rangeType],
  ] as const) {
    if (!name) continue;
    const value = item[name];
    if (!value) throw invalid(`One or more parameter values were invalid: Missing the key ${name} in the item`);
    if (!(type! in value))
      throw invalid(`One or more parameter values were invalid: Type mismatch for key ${name} expected: ${type} actual: ${Object.keys(value)[0]}`);
    assertNotEmptyKey(name, value);
  }
  for (const index of [...def.gsis, ...def.lsis]) {
    const ik = keyInfo(def, index.KeySchema);
    for (const [name, type] of [
      [ik.hash, ik.hashType],
      [ik.range, ik.rangeType],
    ] as const) {
      if (!name || name === info.hash || name === info.range) continue;
      const value = item[name];
      if (!value) continue;
      if (!(type! in value)) {
        throw invalid(
          `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${type} Actual: ${Object.keys(value)[0]} IndexName: ${index.IndexName}`,
        );
      }
      if (scalarOf(value) === '') {
        throw invalid(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. IndexName: ${index.IndexName}, IndexKey: ${name}`,
        );
      }
    }
  }
}

/** The stored key columns of an item: `pk` for equality, `sk` ordered as DynamoDB orders the range key. */
export function storageKey(info: KeyInfo, item: Item): { pk: string; sk: string } {
  const hash = item[info.hash]!;
  const pk = scalarOf(hash)!;
  const sk = info.range ? sortKeyText(item[info.range]!) : '';
  return { pk, sk };
}

/** The stored partition column of a hash key value. */
export function partitionText(value: AttributeValue): string {
  return scalarOf(value)!;
}

export function sortKeyText(value: AttributeValue): string {
  if ('N' in value) return sortableNumber(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').toString('hex');
  return scalarOf(value)!;
}

export function pickKey(info: KeyInfo, item: Item): Item {
  const key: Item = { [info.hash]: item[info.hash]! };
  if (info.range) key[info.range] = item[info.range]!;
  return key;
}

export function tableStatus(def: TableDef, now: number): string {
  if (now < def.activeAt) return 'CREATING';
  if (def.updatingUntil !== undefined && now < def.updatingUntil) return 'UPDATING';
  return 'ACTIVE';
}

/** DynamoDB's TableDescription; `counts` are the live item count and size. */
export function describeTable(def: TableDef, now: number, counts: { items: number; bytes: number }, status = tableStatus(def, now)): Record<string, unknown> {
  const seconds = (ms: number) => ms / 1000;
  const throughput = (t: Throughput) => ({
    ...(t.LastIncreaseDateTime !== undefined ? { LastIncreaseDateTime: seconds(t.LastIncreaseDateTime) } : {}),
    ...(t.LastDecreaseDateTime !== undefined ? { LastDecreaseDateTime: seconds(t.LastDecreaseDateTime) } : {}),
    NumberOfDecreasesToday: t.NumberOfDecreasesToday,
    ReadCapacityUnits: t.ReadCapacityUnits,
    WriteCapacityUnits: t.WriteCapacityUnits,
  });
  const out: Record<string, unknown> = {
    AttributeDefinitions: def.attributeDefinitions,
    TableName: def.name,
    KeySchema: def.keySchema,
    TableStatus: status,
    CreationDateTime: seconds(def.createdAt),
    ProvisionedThroughput: throughput(def.throughput),
    TableSizeBytes: counts.bytes,
    ItemCount: counts.items,
    TableArn: def.arn,
    TableId: def.id,
  };
  if (def.billingMode === 'PAY_PER_REQUEST') {
    out.BillingModeSummary = { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: seconds(def.payPerRequestSince ?? def.createdAt) };
  }
  if (def.lsis.length > 0) {
    out.LocalSecondaryIndexes = def.lsis.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: i.Projection,
      IndexSizeBytes: counts.bytes,
      ItemCount: counts.items,
      IndexArn: `${def.arn}/index/${i.IndexName}`,
    }));
  }
  if (def.gsis.length > 0) {
    out.GlobalSecondaryIndexes = def.gsis.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: i.Projection,
      IndexStatus: i.activeAt !== undefined && now < i.activeAt ? 'CREATING' : 'ACTIVE',
      ...(i.activeAt !== undefined && now < i.activeAt ? { Backfilling: false } : {}),
      ProvisionedThroughput: throughput(i.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 }),
      IndexSizeBytes: counts.bytes,
      ItemCount: counts.items,
      IndexArn: `${def.arn}/index/${i.IndexName}`,
    }));
  }
  if (def.stream) {
    // A disabled stream leaves its ARN and label in the description, without a StreamSpecification.
    if (def.stream.enabled) out.StreamSpecification = { StreamEnabled: true, StreamViewType: def.stream.viewType };
    if (def.stream.arn) {
      out.LatestStreamLabel = def.stream.label;
      out.LatestStreamArn = def.stream.arn;
    }
  }
  if (def.tableClass) out.TableClassSummary = { TableClass: def.tableClass };
  out.DeletionProtectionEnabled = def.deletionProtection;
  return out;
}
