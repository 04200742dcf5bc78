import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';
import type { Scope } from './arns.js';
import { statementCache } from './statements.js';

/** A code signing config as Lambda describes it (table `lambda_code_signing_configs`). */
export interface CodeSigningConfigRow {
  id: string;
  description: string;
  signingProfileVersionArns: string[];
  untrustedArtifactOnDeployment: 'Warn' | 'Enforce';
  lastModified: number;
  tags: Record<string, string>;
}

/** Code signing configs and which function uses which (`lambda_function_code_signing`). */
export class CodeSigningStore {
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;

  constructor(db: Db) {
    this.stmt = statementCache(db);
  }

  get(s: Scope, id: string): CodeSigningConfigRow | undefined {
    const row = this.stmt('SELECT config FROM lambda_code_signing_configs WHERE account_id = ? AND region = ? AND id = ?').get(s.accountId, s.region, id) as
      | { config: string }
      | undefined;
    return row && (JSON.parse(row.config) as CodeSigningConfigRow);
  }

  put(s: Scope, row: CodeSigningConfigRow): void {
    this.stmt('INSERT OR REPLACE INTO lambda_code_signing_configs (account_id, region, id, config) VALUES (?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      row.id,
      JSON.stringify(row),
    );
  }

  delete(s: Scope, id: string): void {
    this.stmt('DELETE FROM lambda_code_signing_configs WHERE account_id = ? AND region = ? AND id = ?').run(s.accountId, s.region, id);
  }

  list(s: Scope): CodeSigningConfigRow[] {
    return (
      this.stmt('SELECT config FROM lambda_code_signing_configs WHERE account_id = ? AND region = ? ORDER BY id').all(s.accountId, s.region) as {
        config: string;
      }[]
    ).map((r) => JSON.parse(r.config) as CodeSigningConfigRow);
  }

  /** The config a function uses, by id. */
  ofFunction(s: Scope, name: string): string | undefined {
    const row = this.stmt('SELECT csc_id FROM lambda_function_code_signing WHERE account_id = ? AND region = ? AND name = ?').get(
      s.accountId,
      s.region,
      name,
    ) as { csc_id: string } | undefined;
    return row?.csc_id;
  }

  attach(s: Scope, name: string, id: string | undefined): void {
    if (id === undefined) {
      this.stmt('DELETE FROM lambda_function_code_signing WHERE account_id = ? AND region = ? AND name = ?').run(s.accountId, s.region, name);
      return;
    }
    this.stmt('INSERT OR REPLACE INTO lambda_function_code_signing (account_id, region, name, csc_id) VALUES (?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      id,
    );
  }

  /** The functions that use a config, by name. */
  functionsUsing(s: Scope, id: string): string[] {
    return (
      this.stmt('SELECT name FROM lambda_function_code_signing WHERE account_id = ? AND region = ? AND csc_id = ? ORDER BY name').all(
        s.accountId,
        s.region,
        id,
      ) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }
}
