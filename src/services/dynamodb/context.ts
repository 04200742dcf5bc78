/** What every DynamoDB operation is given: the store, the clock, the Streams port, and table lookup. */
import type { Clock } from '../../clock.js';
import type { DynamoDbItemChange, DynamoDbStreamsPort } from '../../contracts.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { RequestContext } from '../../server/request-context.js';
import type { DynamoStore, Scope } from './store.js';
import { pickKey, storageKey, type TableDef, tableKeys } from './table-model.js';
import { type Item, itemSize, itemsEqual } from './values.js';

export interface DynamoEnv {
  store: DynamoStore;
  clock: Clock;
  streams(): DynamoDbStreamsPort | undefined;
}

export type DynamoOperation = (
  env: DynamoEnv,
  input: Record<string, unknown>,
  ctx: RequestContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export function scopeOf(ctx: RequestContext): Scope {
  return { accountId: ctx.accountId, region: ctx.region };
}

export function notFound(message = 'Requested resource not found'): AwsError {
  return new AwsError('ResourceNotFoundException', message, 400);
}

export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

/** A table addressed by name or ARN (the API accepts both). */
export function tableNameOf(nameOrArn: unknown): string {
  const text = String(nameOrArn ?? '');
  const m = /^arn:aws[\w-]*:dynamodb:[^:]*:\d{12}:table\/([^/]+)$/.exec(text);
  return m ? m[1]! : text;
}

/** The table an item operation names; a table being created or deleted is not found, as on AWS. */
export function itemTable(env: DynamoEnv, ctx: RequestContext, name: unknown): TableDef {
  const def = env.store.table(scopeOf(ctx), tableNameOf(name));
  if (!def) throw notFound();
  return def;
}

/** DescribeTable-style lookup with the table's name in the message. */
export function namedTable(env: DynamoEnv, ctx: RequestContext, name: unknown): TableDef {
  const tableName = tableNameOf(name);
  const def = env.store.table(scopeOf(ctx), tableName);
  if (!def) throw notFound(`Requested resource not found: Table: ${tableName} not found`);
  return def;
}

export const TTL_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };

function expiryOf(def: TableDef, item: Item): number | null {
  if (!def.ttl?.enabled) return null;
  const value = item[def.ttl.attributeName];
  if (!value || !('N' in value)) return null;
  const seconds = Number(value.N);
  return Number.isFinite(seconds) ? Math.floor(seconds) : null;
}

/** The row of one item, read by its key. */
export function readItem(env: DynamoEnv, def: TableDef, key: Item): Item | undefined {
  const { pk, sk } = storageKey(tableKeys(def), key);
  return env.store.item(def.id, pk, sk);
}

/**
 * The one way an item changes: writes (or deletes, when `next` is undefined) the row and, in the
 * same SQLite transaction the caller holds, tells the table's stream. Unchanged writes and deletes
 * of missing items are not changes and reach no stream.
 */
export function writeItem(
  env: DynamoEnv,
  def: TableDef,
  key: Item,
  next: Item | undefined,
  old: Item | undefined,
  options: { userIdentity?: typeof TTL_IDENTITY } = {},
): void {
  const info = tableKeys(def);
  const { pk, sk } = storageKey(info, key);
  if (next) env.store.put(def.id, pk, sk, next, itemSize(next), expiryOf(def, next));
  else if (old) env.store.delete(def.id, pk, sk);
  const streamArn = def.stream?.enabled ? def.stream.arn : undefined;
  if (!streamArn) return;
  const port = env.streams();
  if (!port) return;
  let change: DynamoDbItemChange | undefined;
  const keys = pickKey(info, next ?? old ?? key);
  if (next && !old) change = { eventName: 'INSERT', keys, newImage: next };
  else if (next && old) change = itemsEqual(next, old) ? undefined : { eventName: 'MODIFY', keys, oldImage: old, newImage: next };
  else if (old) change = { eventName: 'REMOVE', keys, oldImage: old, ...(options.userIdentity ? { userIdentity: options.userIdentity } : {}) };
  if (change) port.append(streamArn, [change]);
}

/** Recomputes every item's expiry after TTL is switched on, off or to another attribute. */
export function refreshExpiries(env: DynamoEnv, def: TableDef): void {
  env.store.transaction(() => {
    for (const row of [...env.store.all(def.id)]) env.store.setExpiry(def.id, row.pk, row.sk, expiryOf(def, JSON.parse(row.item) as Item));
  });
}
