import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';
import type { Scope } from './arns.js';
import { statementCache } from './statements.js';

export interface FunctionUrlRow {
  /** `''` for the unqualified function, else the alias (or `$LATEST`). */
  qualifier: string;
  urlId: string;
  authType: string;
  invokeMode: string;
  cors?: Record<string, unknown>;
  creationTime: number;
  lastModifiedTime: number;
}

/** Function URL configs (table `lambda_function_urls`, created by the Lambda store's migrations). */
export class FunctionUrlStore {
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;

  constructor(db: Db) {
    this.stmt = statementCache(db);
  }

  get(s: Scope, name: string, qualifier: string): FunctionUrlRow | undefined {
    const row = this.stmt('SELECT config FROM lambda_function_urls WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').get(
      s.accountId,
      s.region,
      name,
      qualifier,
    ) as { config: string } | undefined;
    return row && (JSON.parse(row.config) as FunctionUrlRow);
  }

  /** The URL config (and its function) behind a URL id, for requests to a function URL. */
  byUrlId(urlId: string): { scope: Scope; name: string; url: FunctionUrlRow } | undefined {
    const row = this.stmt('SELECT account_id, region, name, config FROM lambda_function_urls WHERE url_id = ?').get(urlId) as
      | Record<string, string>
      | undefined;
    return row && { scope: { accountId: row.account_id!, region: row.region! }, name: row.name!, url: JSON.parse(row.config!) as FunctionUrlRow };
  }

  put(s: Scope, name: string, url: FunctionUrlRow): void {
    this.stmt('INSERT OR REPLACE INTO lambda_function_urls (account_id, region, name, qualifier, url_id, config) VALUES (?, ?, ?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      url.qualifier,
      url.urlId,
      JSON.stringify(url),
    );
  }

  delete(s: Scope, name: string, qualifier: string): void {
    this.stmt('DELETE FROM lambda_function_urls WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').run(
      s.accountId,
      s.region,
      name,
      qualifier,
    );
  }

  list(s: Scope, name: string): FunctionUrlRow[] {
    return (
      this.stmt('SELECT config FROM lambda_function_urls WHERE account_id = ? AND region = ? AND name = ? ORDER BY qualifier').all(
        s.accountId,
        s.region,
        name,
      ) as {
        config: string;
      }[]
    ).map((r) => JSON.parse(r.config) as FunctionUrlRow);
  }
}
