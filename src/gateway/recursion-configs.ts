import type { Store } from '../store/database.js';
import { PreparedStatements } from '../store/prepared-statements.js';

export type RecursiveLoop = 'Allow' | 'Terminate';

/** Per-function recursion config (Put/GetFunctionRecursionConfig); `Terminate` unless set. */
export class RecursionConfigs extends PreparedStatements {
  constructor(store: Store) {
    // The table was first made by the async queue's migrations (key `lambda-async`); either may run first.
    store.migrate('lambda-recursion', ['CREATE TABLE IF NOT EXISTS lambda_recursion_configs (function_arn TEXT PRIMARY KEY, recursive_loop TEXT NOT NULL);']);
    super(store.db);
  }

  get(unqualifiedArn: string): RecursiveLoop {
    const row = this.sql('SELECT recursive_loop FROM lambda_recursion_configs WHERE function_arn = ?').get(unqualifiedArn) as
      | { recursive_loop: RecursiveLoop }
      | undefined;
    return row?.recursive_loop ?? 'Terminate';
  }

  put(unqualifiedArn: string, value: RecursiveLoop): void {
    this.sql(
      `INSERT INTO lambda_recursion_configs (function_arn, recursive_loop) VALUES (?, ?)
         ON CONFLICT (function_arn) DO UPDATE SET recursive_loop = excluded.recursive_loop`,
    ).run(unqualifiedArn, value);
  }

  delete(unqualifiedArn: string): void {
    this.sql('DELETE FROM lambda_recursion_configs WHERE function_arn = ?').run(unqualifiedArn);
  }
}
