import type { Db } from '../store/database.js';

export type RecursiveLoop = 'Allow' | 'Terminate';

/** Per-function recursion config (Put/GetFunctionRecursionConfig); `Terminate` unless set. */
export class RecursionConfigs {
  constructor(private readonly db: Db) {}

  get(unqualifiedArn: string): RecursiveLoop {
    const row = this.db.prepare('SELECT recursive_loop FROM lambda_recursion_configs WHERE function_arn = ?').get(unqualifiedArn) as
      | { recursive_loop: RecursiveLoop }
      | undefined;
    return row?.recursive_loop ?? 'Terminate';
  }

  put(unqualifiedArn: string, value: RecursiveLoop): void {
    this.db
      .prepare(
        `INSERT INTO lambda_recursion_configs (function_arn, recursive_loop) VALUES (?, ?)
         ON CONFLICT (function_arn) DO UPDATE SET recursive_loop = excluded.recursive_loop`,
      )
      .run(unqualifiedArn, value);
  }
}
