import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/database.js';

/** A prepare-once cache: hot paths run the same few statements over and over. */
export function statementCache(db: Db): (sql: string) => BetterSqlite3.Statement {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
