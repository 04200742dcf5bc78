import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db, Store } from '../../store/database.js';
import type { Scope } from './arns.js';
import type { VersionConfig } from './model.js';
import { FunctionUrlStore } from './url-store.js';
import { LayerStore } from './layer-store.js';
import { CodeSigningStore } from './code-signing-store.js';
import { LayerPolicyStore } from './layer-policy-store.js';
import { ProvisionedStore } from './provisioned-store.js';
import { statementCache } from './statements.js';

const MIGRATIONS = [
  `CREATE TABLE lambda_functions (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     reserved_concurrency INTEGER,
     tags TEXT NOT NULL DEFAULT '{}',
     next_version INTEGER NOT NULL DEFAULT 1,
     PRIMARY KEY (account_id, region, name));
   CREATE TABLE lambda_versions (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
     config TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, version));
   CREATE TABLE lambda_aliases (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, alias TEXT NOT NULL,
     function_version TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
     routing TEXT, revision_id TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, alias));
   CREATE TABLE lambda_policies (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
     statements TEXT NOT NULL, revision_id TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, qualifier));`,
  `CREATE TABLE lambda_layer_versions (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
     config TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, version));`,
  `CREATE TABLE lambda_function_urls (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
     url_id TEXT NOT NULL UNIQUE, config TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, qualifier));`,
  `CREATE TABLE lambda_provisioned_concurrency (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
     requested INTEGER NOT NULL, status TEXT NOT NULL, last_modified INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, name, qualifier));
   CREATE TABLE lambda_layer_policies (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
     statements TEXT NOT NULL, revision_id TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name, version));
   CREATE TABLE lambda_code_signing_configs (
     account_id TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL, config TEXT NOT NULL,
     PRIMARY KEY (account_id, region, id));
   CREATE TABLE lambda_function_code_signing (
     account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, csc_id TEXT NOT NULL,
     PRIMARY KEY (account_id, region, name));`,
];

export interface FunctionRow {
  name: string;
  createdAt: number;
  reservedConcurrency?: number;
  tags: Record<string, string>;
  nextVersion: number;
}

export interface AliasRow {
  alias: string;
  functionVersion: string;
  description: string;
  routing?: Record<string, number>;
  revisionId: string;
}

export interface PolicyRow {
  statements: Record<string, unknown>[];
  revisionId: string;
}

/**
 * The Lambda service's tables: functions, their versions (with `$LATEST`), aliases and policies;
 * layers and function URLs through `layers` and `urls`. One ordered migration list for all of them.
 */
export class LambdaStore {
  private readonly db: Db;

  constructor(store: Store) {
    store.migrate('lambda', MIGRATIONS);
    this.db = store.db;
    this.stmt = statementCache(this.db);
    this.layers = new LayerStore(this.db);
    this.urls = new FunctionUrlStore(this.db);
    this.provisioned = new ProvisionedStore(this.db);
    this.layerPolicies = new LayerPolicyStore(this.db);
    this.codeSigning = new CodeSigningStore(this.db);
  }

  /** Prepared once, reused: invoke resolves a function on every call. */
  private readonly stmt: (sql: string) => BetterSqlite3.Statement;
  readonly layers: LayerStore;
  readonly urls: FunctionUrlStore;
  readonly provisioned: ProvisionedStore;
  readonly layerPolicies: LayerPolicyStore;
  readonly codeSigning: CodeSigningStore;

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getFunction(s: Scope, name: string): FunctionRow | undefined {
    const row = this.stmt('SELECT * FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?').get(s.accountId, s.region, name) as
      | Record<string, unknown>
      | undefined;
    return row && toFunctionRow(row);
  }

  insertFunction(s: Scope, name: string, createdAt: number, tags: Record<string, string>): void {
    this.stmt('INSERT INTO lambda_functions (account_id, region, name, created_at, tags) VALUES (?, ?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      createdAt,
      JSON.stringify(tags),
    );
  }

  /** Functions of a scope by name, after `marker` (exclusive), at most `limit`. */
  listFunctions(s: Scope, after: string, limit: number): string[] {
    return (
      this.stmt('SELECT name FROM lambda_functions WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?').all(
        s.accountId,
        s.region,
        after,
        limit,
      ) as { name: string }[]
    ).map((r) => r.name);
  }

  deleteFunction(s: Scope, name: string): void {
    this.transaction(() => {
      for (const table of [
        'lambda_functions',
        'lambda_versions',
        'lambda_aliases',
        'lambda_policies',
        'lambda_function_urls',
        'lambda_provisioned_concurrency',
        'lambda_function_code_signing',
      ]) {
        this.stmt(`DELETE FROM ${table} WHERE account_id = ? AND region = ? AND name = ?`).run(s.accountId, s.region, name);
      }
    });
  }

  setReservedConcurrency(s: Scope, name: string, value: number | null): void {
    this.stmt('UPDATE lambda_functions SET reserved_concurrency = ? WHERE account_id = ? AND region = ? AND name = ?').run(value, s.accountId, s.region, name);
  }

  /** Sum of reserved concurrency in a scope, leaving out one function. */
  reservedTotal(s: Scope, except?: string): number {
    const row = this.stmt('SELECT COALESCE(SUM(reserved_concurrency), 0) AS total FROM lambda_functions WHERE account_id = ? AND region = ? AND name != ?').get(
      s.accountId,
      s.region,
      except ?? '',
    ) as { total: number };
    return row.total;
  }

  /** Tagging is an update of the function: `$LATEST` gets a new RevisionId, as on AWS. */
  setTags(s: Scope, name: string, tags: Record<string, string>): void {
    this.transaction(() => {
      this.stmt('UPDATE lambda_functions SET tags = ? WHERE account_id = ? AND region = ? AND name = ?').run(JSON.stringify(tags), s.accountId, s.region, name);
      const latest = this.getVersion(s, name, '$LATEST');
      if (latest) this.putVersion(s, name, '$LATEST', { ...latest, revisionId: randomUUID() });
    });
  }

  takeVersionNumber(s: Scope, name: string): number {
    const row = this.stmt(
      'UPDATE lambda_functions SET next_version = next_version + 1 WHERE account_id = ? AND region = ? AND name = ? RETURNING next_version',
    ).get(s.accountId, s.region, name) as { next_version: number };
    return row.next_version - 1;
  }

  getVersion(s: Scope, name: string, version: string): VersionConfig | undefined {
    const row = this.stmt('SELECT config FROM lambda_versions WHERE account_id = ? AND region = ? AND name = ? AND version = ?').get(
      s.accountId,
      s.region,
      name,
      version,
    ) as { config: string } | undefined;
    return row && (JSON.parse(row.config) as VersionConfig);
  }

  putVersion(s: Scope, name: string, version: string, config: VersionConfig): void {
    this.stmt('INSERT OR REPLACE INTO lambda_versions (account_id, region, name, version, config) VALUES (?, ?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      version,
      JSON.stringify(config),
    );
  }

  /** A version goes with its provisioned concurrency config. */
  deleteVersion(s: Scope, name: string, version: string): void {
    this.stmt('DELETE FROM lambda_versions WHERE account_id = ? AND region = ? AND name = ? AND version = ?').run(s.accountId, s.region, name, version);
    this.provisioned.delete(s, name, version);
  }

  /** Every version of a function: `$LATEST` first, then published versions in number order. */
  listVersions(s: Scope, name: string): { version: string; config: VersionConfig }[] {
    const rows = this.stmt('SELECT version, config FROM lambda_versions WHERE account_id = ? AND region = ? AND name = ?').all(s.accountId, s.region, name) as {
      version: string;
      config: string;
    }[];
    const order = (v: string) => (v === '$LATEST' ? -1 : Number(v));
    return rows.sort((a, b) => order(a.version) - order(b.version)).map((r) => ({ version: r.version, config: JSON.parse(r.config) as VersionConfig }));
  }

  /** Every stored version of every function, for recovery at start-up. */
  allVersions(): { scope: Scope; name: string; version: string; config: VersionConfig }[] {
    return (this.stmt('SELECT * FROM lambda_versions').all() as Record<string, string>[]).map((r) => ({
      scope: { accountId: r.account_id!, region: r.region! },
      name: r.name!,
      version: r.version!,
      config: JSON.parse(r.config!) as VersionConfig,
    }));
  }

  getAlias(s: Scope, name: string, alias: string): AliasRow | undefined {
    const row = this.stmt('SELECT * FROM lambda_aliases WHERE account_id = ? AND region = ? AND name = ? AND alias = ?').get(
      s.accountId,
      s.region,
      name,
      alias,
    ) as Record<string, unknown> | undefined;
    return row && toAliasRow(row);
  }

  putAlias(s: Scope, name: string, row: AliasRow): void {
    this.stmt(
      'INSERT OR REPLACE INTO lambda_aliases (account_id, region, name, alias, function_version, description, routing, revision_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(s.accountId, s.region, name, row.alias, row.functionVersion, row.description, row.routing ? JSON.stringify(row.routing) : null, row.revisionId);
  }

  /** An alias goes with its provisioned concurrency config. */
  deleteAlias(s: Scope, name: string, alias: string): void {
    this.stmt('DELETE FROM lambda_aliases WHERE account_id = ? AND region = ? AND name = ? AND alias = ?').run(s.accountId, s.region, name, alias);
    this.provisioned.delete(s, name, alias);
  }

  listAliases(s: Scope, name: string): AliasRow[] {
    return (
      this.stmt('SELECT * FROM lambda_aliases WHERE account_id = ? AND region = ? AND name = ? ORDER BY alias').all(s.accountId, s.region, name) as Record<
        string,
        unknown
      >[]
    ).map(toAliasRow);
  }

  getPolicy(s: Scope, name: string, qualifier: string): PolicyRow | undefined {
    const row = this.stmt('SELECT statements, revision_id FROM lambda_policies WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').get(
      s.accountId,
      s.region,
      name,
      qualifier,
    ) as { statements: string; revision_id: string } | undefined;
    return row && { statements: JSON.parse(row.statements) as Record<string, unknown>[], revisionId: row.revision_id };
  }

  putPolicy(s: Scope, name: string, qualifier: string, policy: PolicyRow): void {
    if (policy.statements.length === 0) {
      this.stmt('DELETE FROM lambda_policies WHERE account_id = ? AND region = ? AND name = ? AND qualifier = ?').run(s.accountId, s.region, name, qualifier);
      return;
    }
    this.stmt('INSERT OR REPLACE INTO lambda_policies (account_id, region, name, qualifier, statements, revision_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      s.accountId,
      s.region,
      name,
      qualifier,
      JSON.stringify(policy.statements),
      policy.revisionId,
    );
  }

  /** Total code size and function count of a scope, for GetAccountSettings. */
  usage(s: Scope): { functionCount: number; totalCodeSize: number } {
    const count = this.stmt('SELECT COUNT(*) AS n FROM lambda_functions WHERE account_id = ? AND region = ?').get(s.accountId, s.region) as { n: number };
    const sizes = this.stmt('SELECT config FROM lambda_versions WHERE account_id = ? AND region = ?').all(s.accountId, s.region) as { config: string }[];
    // Layers count towards the account's code storage as functions do (GetAccountSettings).
    const layerSize = this.layers.list(s).reduce((sum, l) => sum + l.code.size, 0);
    const totalCodeSize = sizes.reduce((sum, r) => sum + (JSON.parse(r.config) as VersionConfig).code.size, 0) + layerSize;
    return { functionCount: count.n, totalCodeSize };
  }
}

function toFunctionRow(row: Record<string, unknown>): FunctionRow {
  return {
    name: row.name as string,
    createdAt: row.created_at as number,
    reservedConcurrency: row.reserved_concurrency === null ? undefined : (row.reserved_concurrency as number),
    tags: JSON.parse(row.tags as string) as Record<string, string>,
    nextVersion: row.next_version as number,
  };
}

function toAliasRow(row: Record<string, unknown>): AliasRow {
  return {
    alias: row.alias as string,
    functionVersion: row.function_version as string,
    description: row.description as string,
    routing: row.routing ? (JSON.parse(row.routing as string) as Record<string, number>) : undefined,
    revisionId: row.revision_id as string,
  };
}
