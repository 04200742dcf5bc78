import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';
import type { Scope } from './arns.js';
import type { PolicyRow } from './store.js';
import { statementCache } from './statements.js';

/** Resource policies of layer versions (table `lambda_layer_policies`); an empty policy is no policy. */
export class LayerPolicyStore {
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;

  constructor(db: Db) {
    this.stmt = statementCache(db);
  }

  get(s: Scope, name: string, version: number): PolicyRow | undefined {
    const row = this.stmt('SELECT statements, revision_id FROM lambda_layer_policies WHERE account_id = ? AND region = ? AND name = ? AND version = ?').get(
      s.accountId,
      s.region,
      name,
      version,
    ) as { statements: string; revision_id: string } | undefined;
    return row && { statements: JSON.parse(row.statements) as Record<string, unknown>[], revisionId: row.revision_id };
  }

  put(s: Scope, name: string, version: number, policy: PolicyRow): void {
    if (policy.statements.length === 0) {
      this.delete(s, name, version);
      return;
    }
    this.stmt('INSERT OR REPLACE INTO lambda_layer_policies (account_id, region, name, version, statements, revision_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      version,
      JSON.stringify(policy.statements),
      policy.revisionId,
    );
  }

  delete(s: Scope, name: string, version: number): void {
    this.stmt('DELETE FROM lambda_layer_policies WHERE account_id = ? AND region = ? AND name = ? AND version = ?').run(s.accountId, s.region, name, version);
  }
}
