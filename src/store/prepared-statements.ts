import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/** A table's store: prepares each SQL text once and hands back the same statement after that. */
export class PreparedStatements {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  protected sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}
