/** Mappings persist in `lambda_esm_mappings`, so they survive restarts and resume polling. */
import type { Store } from '../store/database.js';
import type { EventSourceMapping, MappingSettings, MappingState } from './model.js';
import { storedSettings } from './settings/apply.js';

const MIGRATIONS = [
  `CREATE TABLE lambda_esm_mappings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    event_source_arn TEXT NOT NULL,
    function_arn TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    state TEXT NOT NULL,
    settings TEXT NOT NULL,
    last_modified INTEGER NOT NULL
  );
  CREATE INDEX lambda_esm_mappings_scope ON lambda_esm_mappings (account_id, region, seq);`,
  // Tags live on the mapping's row, so they go when the mapping does.
  `ALTER TABLE lambda_esm_mappings ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';`,
  `ALTER TABLE lambda_esm_mappings ADD COLUMN last_processing_result TEXT;`,
];

interface Row {
  uuid: string;
  account_id: string;
  region: string;
  event_source_arn: string;
  function_arn: string;
  enabled: number;
  state: string;
  settings: string;
  last_modified: number;
  last_processing_result: string | null;
}

export class MappingStore {
  constructor(private readonly store: Store) {
    store.migrate('lambda-esm', MIGRATIONS);
  }

  insert(m: EventSourceMapping, tags: Record<string, string> = {}): void {
    this.store.db
      .prepare(
        `INSERT INTO lambda_esm_mappings (uuid, account_id, region, event_source_arn, function_arn, enabled, state, settings, last_modified, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.uuid, m.accountId, m.region, m.eventSourceArn, m.functionArn, m.enabled ? 1 : 0, m.state, storedSettings(m), m.lastModified, JSON.stringify(tags));
  }

  /** The mapping's tags, or undefined when there is no such mapping. */
  tags(uuid: string): Record<string, string> | undefined {
    const row = this.store.db.prepare('SELECT tags FROM lambda_esm_mappings WHERE uuid = ?').get(uuid) as { tags: string } | undefined;
    return row && (JSON.parse(row.tags) as Record<string, string>);
  }

  setTags(uuid: string, tags: Record<string, string>): void {
    this.store.db.prepare('UPDATE lambda_esm_mappings SET tags = ? WHERE uuid = ?').run(JSON.stringify(tags), uuid);
  }

  save(m: EventSourceMapping): void {
    this.store.db
      .prepare(`UPDATE lambda_esm_mappings SET function_arn = ?, enabled = ?, state = ?, settings = ?, last_modified = ? WHERE uuid = ?`)
      .run(m.functionArn, m.enabled ? 1 : 0, m.state, storedSettings(m), m.lastModified, m.uuid);
  }

  setState(uuid: string, state: MappingState): void {
    this.store.db.prepare('UPDATE lambda_esm_mappings SET state = ? WHERE uuid = ?').run(state, uuid);
  }

  setLastProcessingResult(uuid: string, result: string): void {
    this.store.db.prepare('UPDATE lambda_esm_mappings SET last_processing_result = ? WHERE uuid = ?').run(result, uuid);
  }

  delete(uuid: string): void {
    this.store.db.prepare('DELETE FROM lambda_esm_mappings WHERE uuid = ?').run(uuid);
  }

  get(uuid: string): EventSourceMapping | undefined {
    const row = this.store.db.prepare('SELECT * FROM lambda_esm_mappings WHERE uuid = ?').get(uuid) as Row | undefined;
    return row && fromRow(row);
  }

  /** Every mapping of an account and region, oldest first. */
  list(accountId: string, region: string): EventSourceMapping[] {
    const rows = this.store.db.prepare('SELECT * FROM lambda_esm_mappings WHERE account_id = ? AND region = ? ORDER BY seq').all(accountId, region) as Row[];
    return rows.map(fromRow);
  }

  all(): EventSourceMapping[] {
    return (this.store.db.prepare('SELECT * FROM lambda_esm_mappings ORDER BY seq').all() as Row[]).map(fromRow);
  }
}

function fromRow(row: Row): EventSourceMapping {
  const settings = JSON.parse(row.settings) as MappingSettings;
  return {
    ...settings,
    uuid: row.uuid,
    accountId: row.account_id,
    region: row.region,
    eventSourceArn: row.event_source_arn,
    functionArn: row.function_arn,
    enabled: row.enabled === 1,
    state: row.state as MappingState,
    lastModified: row.last_modified,
    lastProcessingResult: row.last_processing_result ?? undefined,
  };
}
