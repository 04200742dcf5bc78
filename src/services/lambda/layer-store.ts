import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';
import type { Scope } from './arns.js';
import type { StoredCode } from './model.js';
import { statementCache } from './statements.js';

export interface LayerVersionRow {
  name: string;
  version: number;
  description: string;
  createdDate: number;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: string[];
  licenseInfo?: string;
  code: StoredCode;
  deleted?: boolean;
}

/** Layer versions (table `lambda_layer_versions`, created by the Lambda store's migrations). */
export class LayerStore {
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db);
  }

  private transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A layer version; deleted ones only with `includeDeleted` (functions using them keep their content). */
  get(s: Scope, name: string, version: number, includeDeleted = false): LayerVersionRow | undefined {
    const row = this.stmt('SELECT config FROM lambda_layer_versions WHERE account_id = ? AND region = ? AND name = ? AND version = ?').get(
      s.accountId,
      s.region,
      name,
      version,
    ) as { config: string } | undefined;
    const layer = row && (JSON.parse(row.config) as LayerVersionRow);
    return layer?.deleted && !includeDeleted ? undefined : layer;
  }

  /** Adds the next version of a layer (numbers are never reused, even after deletes). */
  insert(s: Scope, name: string, make: (version: number) => LayerVersionRow): LayerVersionRow {
    return this.transaction(() => {
      const latest = this.stmt('SELECT MAX(version) AS v FROM lambda_layer_versions WHERE account_id = ? AND region = ? AND name = ?').get(
        s.accountId,
        s.region,
        name,
      ) as { v: number | null };
      const row = make((latest.v ?? 0) + 1);
      this.stmt('INSERT INTO lambda_layer_versions (account_id, region, name, version, config) VALUES (?, ?, ?, ?, ?)').run(
        s.accountId,
        s.region,
        name,
        row.version,
        JSON.stringify(row),
      );
      return row;
    });
  }

  /** Leaves a tombstone: AWS never hands out a deleted layer version number again. */
  delete(s: Scope, name: string, version: number): void {
    const layer = this.get(s, name, version);
    if (!layer) return;
    this.stmt('UPDATE lambda_layer_versions SET config = ? WHERE account_id = ? AND region = ? AND name = ? AND version = ?').run(
      JSON.stringify({ ...layer, deleted: true }),
      s.accountId,
      s.region,
      name,
      version,
    );
  }

  /** Every stored layer version of every scope, deleted ones included, for the package sweep. */
  all(): LayerVersionRow[] {
    return (this.stmt('SELECT config FROM lambda_layer_versions').all() as { config: string }[]).map((r) => JSON.parse(r.config) as LayerVersionRow);
  }

  /** Every version of every layer in a scope (or of one layer), by name then newest first. */
  list(s: Scope, name?: string): LayerVersionRow[] {
    const rows = (
      name === undefined
        ? this.stmt('SELECT config FROM lambda_layer_versions WHERE account_id = ? AND region = ? ORDER BY name, version DESC').all(s.accountId, s.region)
        : this.stmt('SELECT config FROM lambda_layer_versions WHERE account_id = ? AND region = ? AND name = ? ORDER BY version DESC').all(
            s.accountId,
            s.region,
            name,
          )
    ) as { config: string }[];
    return rows.map((r) => JSON.parse(r.config) as LayerVersionRow).filter((l) => !l.deleted);
  }
}
