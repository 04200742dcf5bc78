import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

/**
 * The embedded store: one SQLite file in the data directory, shared by every service. Each service
 * owns its tables (prefixed with its name) and brings its schema as an ordered list of migrations;
 * rows are scoped by `account_id` and `region` wherever AWS scopes them.
 *
 * WAL with synchronous=NORMAL survives a kill -9 of Tributary (the OS has every committed page);
 * only a power loss can take back the last transactions, which matches what "durable" means here.
 */
export class Store {
  readonly db: Db;

  constructor(readonly dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new BetterSqlite3(path.join(dataDir, 'tributary.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      service TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (service, version))`);
  }

  /** Applies, in order and once each, the migrations of one service. */
  migrate(service: string, migrations: readonly string[]): void {
    const applied = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations WHERE service = ?')
        .all(service)
        .map((row) => (row as { version: number }).version),
    );
    const record = this.db.prepare('INSERT INTO schema_migrations (service, version) VALUES (?, ?)');
    migrations.forEach((sql, index) => {
      const version = index + 1;
      if (applied.has(version)) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        record.run(service, version);
      })();
    });
  }

  /** A directory of the data dir for one service's files (code packages, object bodies). */
  dir(...segments: string[]): string {
    const dir = path.join(this.dataDir, ...segments);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  close(): void {
    this.db.close();
  }
}
