/**
 * Stream mapping checkpoints in SQLite: per mapping, shard and ParallelizationFactor lane, the
 * position after which the lane's next record follows, whether the lane finished its (closed) shard,
 * and the tumbling window's state. A restart, or a kill -9, resumes exactly after the last
 * checkpoint. A mapping's first start is recorded too, so that LATEST positions only shards that
 * existed then, and every later shard is read from its start.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import { compareSequence } from './sequence.js';

const MIGRATIONS = [
  `CREATE TABLE lambda_esm_stream_checkpoints (
    mapping_uuid TEXT NOT NULL,
    shard_id TEXT NOT NULL,
    lanes INTEGER NOT NULL,
    lane INTEGER NOT NULL,
    position TEXT,
    finished INTEGER NOT NULL DEFAULT 0,
    window_start INTEGER,
    window_state TEXT,
    PRIMARY KEY (mapping_uuid, shard_id, lanes, lane)
  );
  CREATE TABLE lambda_esm_stream_starts (mapping_uuid TEXT PRIMARY KEY, started_at INTEGER NOT NULL);`,
];

export interface LaneCheckpoint {
  /** Reading resumes after this sequence number (from the shard's start when undefined). */
  position?: string;
  finished: boolean;
  /** Tumbling windows: the open window's start (epoch ms) and its state. */
  windowStart?: number;
  windowState?: unknown;
}

interface Row {
  lanes: number;
  lane: number;
  position: string | null;
  finished: number;
  window_start: number | null;
  window_state: string | null;
}

export class CheckpointStore {
  constructor(private readonly store: Store) {
    store.migrate('lambda-esm-streams', MIGRATIONS);
  }

  /** Whether the mapping positioned itself on its stream before (its first start). */
  started(uuid: string): boolean {
    return this.store.db.prepare('SELECT 1 FROM lambda_esm_stream_starts WHERE mapping_uuid = ?').get(uuid) !== undefined;
  }

  /** Records the first start together with the positions StartingPosition gave each shard then. */
  markStarted(uuid: string, at: number, positions: ReadonlyMap<string, string | undefined>, lanes: number): void {
    const db = this.store.db;
    db.transaction(() => {
      for (const [shardId, position] of positions)
        for (let lane = 0; lane < lanes; lane++) this.write(uuid, shardId, lanes, lane, { position, finished: false });
      db.prepare('INSERT OR IGNORE INTO lambda_esm_stream_starts (mapping_uuid, started_at) VALUES (?, ?)').run(uuid, at);
    })();
  }

  /**
   * A lane's checkpoint. With no row for this lane count (ParallelizationFactor changed), the lane
   * starts from the least advanced position of the old lanes, so nothing is skipped.
   */
  load(uuid: string, shardId: string, lanes: number, lane: number): LaneCheckpoint | undefined {
    const rows = this.store.db.prepare('SELECT * FROM lambda_esm_stream_checkpoints WHERE mapping_uuid = ? AND shard_id = ?').all(uuid, shardId) as Row[];
    const own = rows.find((r) => r.lanes === lanes && r.lane === lane);
    if (own) return fromRow(own);
    if (rows.length === 0) return undefined;
    if (rows.every((r) => r.finished === 1)) return { finished: true };
    let least: string | undefined;
    let first = true;
    for (const r of rows) {
      if (r.finished === 1) continue;
      if (r.position === null) return { finished: false };
      if (first || compareSequence(r.position, least!) < 0) least = r.position;
      first = false;
    }
    return { position: least, finished: false };
  }

  save(uuid: string, shardId: string, lanes: number, lane: number, checkpoint: LaneCheckpoint): void {
    this.write(uuid, shardId, lanes, lane, checkpoint);
  }

  /** Whether every lane of a shard finished it (a child shard waits for that). */
  shardFinished(uuid: string, shardId: string, lanes: number): boolean {
    const row = this.store.db
      .prepare('SELECT COUNT(*) AS n FROM lambda_esm_stream_checkpoints WHERE mapping_uuid = ? AND shard_id = ? AND lanes = ? AND finished = 1')
      .get(uuid, shardId, lanes) as { n: number };
    return row.n >= lanes;
  }

  /** Drops every checkpoint of a deleted mapping. */
  forget(uuid: string): void {
    const db = this.store.db;
    db.transaction(() => {
      db.prepare('DELETE FROM lambda_esm_stream_checkpoints WHERE mapping_uuid = ?').run(uuid);
      db.prepare('DELETE FROM lambda_esm_stream_starts WHERE mapping_uuid = ?').run(uuid);
    })();
  }

  private upsert?: BetterSqlite3.Statement<unknown[]>;

  private write(uuid: string, shardId: string, lanes: number, lane: number, c: LaneCheckpoint): void {
    this.upsert ??= this.store.db.prepare(
      `INSERT INTO lambda_esm_stream_checkpoints (mapping_uuid, shard_id, lanes, lane, position, finished, window_start, window_state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (mapping_uuid, shard_id, lanes, lane) DO UPDATE SET
           position = excluded.position, finished = excluded.finished, window_start = excluded.window_start, window_state = excluded.window_state`,
    );
    this.upsert.run(
      uuid,
      shardId,
      lanes,
      lane,
      c.position ?? null,
      c.finished ? 1 : 0,
      c.windowStart ?? null,
      c.windowState === undefined ? null : JSON.stringify(c.windowState),
    );
  }
}

function fromRow(r: Row): LaneCheckpoint {
  return {
    position: r.position ?? undefined,
    finished: r.finished === 1,
    windowStart: r.window_start ?? undefined,
    windowState: r.window_state === null ? undefined : JSON.parse(r.window_state),
  };
}
