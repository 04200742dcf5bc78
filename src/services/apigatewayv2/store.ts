import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import { APIGATEWAYV2_MIGRATIONS } from './schema.js';

export type Doc = Record<string, unknown>;
/** `snapshots` hold what each deployment deployed: its routes, integrations and authorizers. */
export type PartKind = 'routes' | 'integrations' | 'stages' | 'deployments' | 'authorizers' | 'snapshots';

export interface ApiRow {
  apiId: string;
  accountId: string;
  region: string;
  doc: Doc;
}

/** The SQLite side of API Gateway v2; `version(apiId)` changes with every write, so the data plane can cache. */
export class ApiGatewayV2Store {
  private readonly db: BetterSqlite3.Database;
  private readonly statements;
  private readonly versions = new Map<string, number>();
  private readonly apiCache = new Map<string, ApiRow | null>();

  constructor(store: Store) {
    store.migrate('apigatewayv2', APIGATEWAYV2_MIGRATIONS);
    this.db = store.db;
    const db = this.db;
    this.statements = {
      insertApi: db.prepare('INSERT INTO apigatewayv2_apis (api_id, account_id, region, created_at, doc) VALUES (?, ?, ?, ?, ?)'),
      updateApi: db.prepare('UPDATE apigatewayv2_apis SET doc = ? WHERE api_id = ?'),
      deleteApi: db.prepare('DELETE FROM apigatewayv2_apis WHERE api_id = ?'),
      api: db.prepare('SELECT api_id, account_id, region, doc FROM apigatewayv2_apis WHERE api_id = ?'),
      apis: db.prepare('SELECT api_id, account_id, region, doc FROM apigatewayv2_apis WHERE account_id = ? AND region = ? ORDER BY created_at, api_id'),
      putPart: db.prepare('INSERT OR REPLACE INTO apigatewayv2_parts (api_id, kind, part_id, created_at, doc) VALUES (?, ?, ?, ?, ?)'),
      part: db.prepare('SELECT doc FROM apigatewayv2_parts WHERE api_id = ? AND kind = ? AND part_id = ?'),
      parts: db.prepare('SELECT doc FROM apigatewayv2_parts WHERE api_id = ? AND kind = ? ORDER BY created_at, part_id'),
      deletePart: db.prepare('DELETE FROM apigatewayv2_parts WHERE api_id = ? AND kind = ? AND part_id = ?'),
      partCreated: db.prepare('SELECT created_at FROM apigatewayv2_parts WHERE api_id = ? AND kind = ? AND part_id = ?'),
    };
  }

  /** Increases with every write to the API or its parts. */
  version(apiId: string): number {
    return this.versions.get(apiId) ?? 0;
  }

  private touched(apiId: string): void {
    this.versions.set(apiId, this.version(apiId) + 1);
    this.apiCache.delete(apiId);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertApi(row: ApiRow, createdAt: number): void {
    this.statements.insertApi.run(row.apiId, row.accountId, row.region, createdAt, JSON.stringify(row.doc));
    this.touched(row.apiId);
  }

  updateApi(apiId: string, doc: Doc): void {
    this.statements.updateApi.run(JSON.stringify(doc), apiId);
    this.touched(apiId);
  }

  deleteApi(apiId: string): void {
    this.statements.deleteApi.run(apiId);
    this.touched(apiId);
  }

  /** The API with this id in any account and region (ids are unique across them). */
  api(apiId: string): ApiRow | undefined {
    const cached = this.apiCache.get(apiId);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.statements.api.get(apiId) as { api_id: string; account_id: string; region: string; doc: string } | undefined;
    const api = row ? { apiId: row.api_id, accountId: row.account_id, region: row.region, doc: JSON.parse(row.doc) as Doc } : undefined;
    this.apiCache.set(apiId, api ?? null);
    return api;
  }

  apis(accountId: string, region: string): ApiRow[] {
    return (this.statements.apis.all(accountId, region) as { api_id: string; account_id: string; region: string; doc: string }[]).map((row) => ({
      apiId: row.api_id,
      accountId: row.account_id,
      region: row.region,
      doc: JSON.parse(row.doc) as Doc,
    }));
  }

  putPart(apiId: string, kind: PartKind, partId: string, doc: Doc, now: number): void {
    const existing = this.statements.partCreated.get(apiId, kind, partId) as { created_at: number } | undefined;
    this.statements.putPart.run(apiId, kind, partId, existing?.created_at ?? now, JSON.stringify(doc));
    this.touched(apiId);
  }

  part(apiId: string, kind: PartKind, partId: string): Doc | undefined {
    const row = this.statements.part.get(apiId, kind, partId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Doc) : undefined;
  }

  parts(apiId: string, kind: PartKind): Doc[] {
    return (this.statements.parts.all(apiId, kind) as { doc: string }[]).map((row) => JSON.parse(row.doc) as Doc);
  }

  deletePart(apiId: string, kind: PartKind, partId: string): boolean {
    const changed = this.statements.deletePart.run(apiId, kind, partId).changes > 0;
    this.touched(apiId);
    return changed;
  }
}
