import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import { DYNAMODB_MIGRATIONS } from './schema.js';
import type { TableDef } from './table-model.js';
import type { Item } from './values.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface ItemRow {
  pk: string;
  sk: string;
  item: string;
  size: number;
}

/** The SQLite side of DynamoDB: table definitions and items. */
export class DynamoStore {
  readonly db: BetterSqlite3.Database;
  private readonly s;

  constructor(store: Store) {
    store.migrate('dynamodb', DYNAMODB_MIGRATIONS);
    this.db = store.db;
    const db = this.db;
    this.s = {
      table: db.prepare('SELECT definition FROM dynamodb_tables WHERE account_id = ? AND region = ? AND name = ?').pluck(),
      tableNames: db.prepare('SELECT name FROM dynamodb_tables WHERE account_id = ? AND region = ? ORDER BY name').pluck(),
      allTables: db.prepare('SELECT definition FROM dynamodb_tables').pluck(),
      insertTable: db.prepare('INSERT INTO dynamodb_tables (account_id, region, name, table_id, definition) VALUES (?, ?, ?, ?, ?)'),
      saveTable: db.prepare('UPDATE dynamodb_tables SET definition = ? WHERE table_id = ?'),
      deleteTable: db.prepare('DELETE FROM dynamodb_tables WHERE table_id = ?'),
      deleteItems: db.prepare('DELETE FROM dynamodb_items WHERE table_id = ?'),
      counts: db.prepare('SELECT COUNT(*) AS items, COALESCE(SUM(size), 0) AS bytes FROM dynamodb_items WHERE table_id = ?'),
      item: db.prepare('SELECT item FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?').pluck(),
      put: db.prepare(
        'INSERT INTO dynamodb_items (table_id, pk, sk, item, size, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_id, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, expires_at = excluded.expires_at',
      ),
      delete: db.prepare('DELETE FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?'),
      partition: db.prepare('SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ? AND pk = ? ORDER BY sk'),
      partitionDesc: db.prepare('SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ? AND pk = ? ORDER BY sk DESC'),
      all: db.prepare('SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ? ORDER BY pk, sk'),
      expired: db.prepare('SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ? AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?'),
      setExpiry: db.prepare('UPDATE dynamodb_items SET expires_at = ? WHERE table_id = ? AND pk = ? AND sk = ?'),
      token: db.prepare('SELECT request_hash, created_at FROM dynamodb_tokens WHERE account_id = ? AND region = ? AND token = ?'),
      saveToken: db.prepare('INSERT OR REPLACE INTO dynamodb_tokens (account_id, region, token, request_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      pruneTokens: db.prepare('DELETE FROM dynamodb_tokens WHERE created_at < ?'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  table(scope: Scope, name: string): TableDef | undefined {
    const text = this.s.table.get(scope.accountId, scope.region, name) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as TableDef);
  }

  tableNames(scope: Scope): string[] {
    return this.s.tableNames.all(scope.accountId, scope.region) as string[];
  }

  allTables(): TableDef[] {
    return (this.s.allTables.all() as string[]).map((t) => JSON.parse(t) as TableDef);
  }

  insertTable(def: TableDef): void {
    this.s.insertTable.run(def.accountId, def.region, def.name, def.id, JSON.stringify(def));
  }

  saveTable(def: TableDef): void {
    this.s.saveTable.run(JSON.stringify(def), def.id);
  }

  deleteTable(def: TableDef): void {
    this.transaction(() => {
      this.s.deleteItems.run(def.id);
      this.s.deleteTable.run(def.id);
    });
  }

  counts(tableId: string): { items: number; bytes: number } {
    return this.s.counts.get(tableId) as { items: number; bytes: number };
  }

  item(tableId: string, pk: string, sk: string): Item | undefined {
    const text = this.s.item.get(tableId, pk, sk) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as Item);
  }

  put(tableId: string, pk: string, sk: string, item: Item, size: number, expiresAt: number | null): void {
    this.s.put.run(tableId, pk, sk, JSON.stringify(item), size, expiresAt);
  }

  delete(tableId: string, pk: string, sk: string): void {
    this.s.delete.run(tableId, pk, sk);
  }

  partition(tableId: string, pk: string, forward: boolean): IterableIterator<ItemRow> {
    return (forward ? this.s.partition : this.s.partitionDesc).iterate(tableId, pk) as IterableIterator<ItemRow>;
  }

  all(tableId: string): IterableIterator<ItemRow> {
    return this.s.all.iterate(tableId) as IterableIterator<ItemRow>;
  }

  expired(tableId: string, nowSeconds: number, limit: number): ItemRow[] {
    return this.s.expired.all(tableId, nowSeconds, limit) as ItemRow[];
  }

  setExpiry(tableId: string, pk: string, sk: string, expiresAt: number | null): void {
    this.s.setExpiry.run(expiresAt, tableId, pk, sk);
  }

  token(scope: Scope, token: string): { request_hash: string; created_at: number } | undefined {
    return this.s.token.get(scope.accountId, scope.region, token) as { request_hash: string; created_at: number } | undefined;
  }

  saveToken(scope: Scope, token: string, hash: string, at: number): void {
    this.s.saveToken.run(scope.accountId, scope.region, token, hash, at);
  }

  pruneTokens(before: number): void {
    this.s.pruneTokens.run(before);
  }
}
