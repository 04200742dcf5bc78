import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import type { ApiDocument, ApiKey, UsagePlan } from './model.js';

/**
 * API Gateway keeps each REST API (with its resources, deployments and stages), each API key and
 * each usage plan as one JSON document, written through on every change and read from memory:
 * the data plane looks an API up on every request.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE apigateway_documents (
     kind TEXT NOT NULL,
     id TEXT NOT NULL,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   );`,
  `CREATE TABLE apigateway_usage (
     plan_id TEXT NOT NULL,
     key_id TEXT NOT NULL,
     period INTEGER NOT NULL,
     used INTEGER NOT NULL,
     PRIMARY KEY (plan_id, key_id)
   );`,
];

type Kind = 'restapi' | 'apikey' | 'usageplan';

export interface Scope {
  accountId: string;
  region: string;
}

interface Scoped<T> {
  scope: Scope;
  value: T;
}

export class ApiGatewayStore {
  private readonly db: BetterSqlite3.Database;
  private readonly upsert: BetterSqlite3.Statement;
  private readonly remove: BetterSqlite3.Statement;
  private readonly readUsage: BetterSqlite3.Statement;
  private readonly writeUsage: BetterSqlite3.Statement;
  readonly apis = new Map<string, ApiDocument>();
  private readonly keys = new Map<string, Scoped<ApiKey>>();
  private readonly plans = new Map<string, Scoped<UsagePlan>>();

  constructor(store: Store) {
    store.migrate('apigateway', MIGRATIONS);
    this.db = store.db;
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO apigateway_documents (kind, id, account_id, region, doc) VALUES (?, ?, ?, ?, ?)');
    this.remove = this.db.prepare('DELETE FROM apigateway_documents WHERE kind = ? AND id = ?');
    this.readUsage = this.db.prepare('SELECT period, used FROM apigateway_usage WHERE plan_id = ? AND key_id = ?');
    this.writeUsage = this.db.prepare('INSERT OR REPLACE INTO apigateway_usage (plan_id, key_id, period, used) VALUES (?, ?, ?, ?)');
    const rows = this.db.prepare('SELECT kind, id, account_id, region, doc FROM apigateway_documents ORDER BY rowid').all() as {
      kind: Kind;
      id: string;
      account_id: string;
      region: string;
      doc: string;
    }[];
    for (const row of rows) {
      const scope = { accountId: row.account_id, region: row.region };
      if (row.kind === 'restapi') this.apis.set(row.id, JSON.parse(row.doc) as ApiDocument);
      else if (row.kind === 'apikey') this.keys.set(row.id, { scope, value: JSON.parse(row.doc) as ApiKey });
      else this.plans.set(row.id, { scope, value: JSON.parse(row.doc) as UsagePlan });
    }
  }

  api(scope: Scope, id: string): ApiDocument | undefined {
    const doc = this.apis.get(id);
    return doc && doc.accountId === scope.accountId && doc.region === scope.region ? doc : undefined;
  }

  apisOf(scope: Scope): ApiDocument[] {
    return [...this.apis.values()].filter((d) => d.accountId === scope.accountId && d.region === scope.region);
  }

  saveApi(doc: ApiDocument): void {
    this.apis.set(doc.api.id, doc);
    this.upsert.run('restapi', doc.api.id, doc.accountId, doc.region, JSON.stringify(doc));
  }

  deleteApi(id: string): void {
    this.apis.delete(id);
    this.remove.run('restapi', id);
  }

  key(scope: Scope, id: string): ApiKey | undefined {
    const found = this.keys.get(id);
    return found && sameScope(found.scope, scope) ? found.value : undefined;
  }

  keysOf(scope: Scope): ApiKey[] {
    return [...this.keys.values()].filter((k) => sameScope(k.scope, scope)).map((k) => k.value);
  }

  /** The key with this value, in the API's account and region. */
  keyByValue(scope: Scope, value: string): ApiKey | undefined {
    return this.keysOf(scope).find((k) => k.value === value);
  }

  saveKey(scope: Scope, key: ApiKey): void {
    this.keys.set(key.id, { scope, value: key });
    this.upsert.run('apikey', key.id, scope.accountId, scope.region, JSON.stringify(key));
  }

  deleteKey(id: string): void {
    this.keys.delete(id);
    this.remove.run('apikey', id);
  }

  plan(scope: Scope, id: string): UsagePlan | undefined {
    const found = this.plans.get(id);
    return found && sameScope(found.scope, scope) ? found.value : undefined;
  }

  plansOf(scope: Scope): UsagePlan[] {
    return [...this.plans.values()].filter((p) => sameScope(p.scope, scope)).map((p) => p.value);
  }

  savePlan(scope: Scope, plan: UsagePlan): void {
    this.plans.set(plan.id, { scope, value: plan });
    this.upsert.run('usageplan', plan.id, scope.accountId, scope.region, JSON.stringify(plan));
  }

  /** Requests a key made under a plan's quota in the period that began at `period` (epoch ms). */
  usage(planId: string, keyId: string): { period: number; used: number } {
    return (this.readUsage.get(planId, keyId) as { period: number; used: number } | undefined) ?? { period: 0, used: 0 };
  }

  saveUsage(planId: string, keyId: string, usage: { period: number; used: number }): void {
    this.writeUsage.run(planId, keyId, usage.period, usage.used);
  }

  deletePlan(id: string): void {
    this.plans.delete(id);
    this.remove.run('usageplan', id);
  }
}

function sameScope(a: Scope, b: Scope): boolean {
  return a.accountId === b.accountId && a.region === b.region;
}
