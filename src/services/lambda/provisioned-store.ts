import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';
import type { Scope } from './arns.js';
import { statementCache } from './statements.js';

/** A provisioned concurrency config of one version or alias (table `lambda_provisioned_concurrency`). */
export interface ProvisionedRow {
  /** A version number or an alias name. */
  qualifier: string;
  requested: number;
  status: 'IN_PROGRESS' | 'READY';
  lastModified: number;
}

/** Provisioned concurrency configs, created by the Lambda store's migrations. */
export class ProvisionedStore {
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;

  constructor(db: Db) {
    this.stmt = statementCache(db);
  }

  get(s: Scope, name: string, qualifier: string): ProvisionedRow | undefined {
    const row = this.stmt('SELECT * FROM lambda_provisioned_concurrency WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').get(
      s.accountId,
      s.region,
      name,
      qualifier,
    ) as Record<string, unknown> | undefined;
    return row && toRow(row);
  }

  put(s: Scope, name: string, row: ProvisionedRow): void {
    this.stmt(
      'INSERT OR REPLACE INTO lambda_provisioned_concurrency (account_id, region, name, qualifier, requested, status, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(s.accountId, s.region, name, row.qualifier, row.requested, row.status, row.lastModified);
  }

  delete(s: Scope, name: string, qualifier: string): void {
    this.stmt('DELETE FROM lambda_provisioned_concurrency WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').run(
      s.accountId,
      s.region,
      name,
      qualifier,
    );
  }

  list(s: Scope, name: string): ProvisionedRow[] {
    return (
      this.stmt('SELECT * FROM lambda_provisioned_concurrency WHERE account_id = ? AND region = ? AND name = ? ORDER BY qualifier').all(
        s.accountId,
        s.region,
        name,
      ) as Record<string, unknown>[]
    ).map(toRow);
  }

  /** Marks one config allocated, unless it was replaced or removed meanwhile. */
  ready(s: Scope, name: string, qualifier: string, lastModified: number): void {
    this.stmt(
      "UPDATE lambda_provisioned_concurrency SET status = 'READY' WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ? AND last_modified = ?",
    ).run(s.accountId, s.region, name, qualifier, lastModified);
  }

  /** After a restart nothing is still being allocated. */
  readyAll(): void {
    this.stmt("UPDATE lambda_provisioned_concurrency SET status = 'READY' WHERE status != 'READY'").run();
  }
}

function toRow(r: Record<string, unknown>): ProvisionedRow {
  return {
    qualifier: String(r.qualifier),
    requested: Number(r.requested),
    status: r.status as ProvisionedRow['status'],
    lastModified: Number(r.last_modified),
  };
}
