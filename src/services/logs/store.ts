import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../store/database.js';
import type { EventPosition } from './positions.js';
import { LOGS_MIGRATIONS, MAX_STORED_BYTES, MAX_STORED_EVENTS } from './schema.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface GroupRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  retention_days: number | null;
  /** JSON object of tag keys to values. */
  tags: string;
  stored_bytes: number;
}

export interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  created_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  last_ingestion_at: number | null;
  stored_bytes: number;
}

export interface EventRow {
  id: number;
  stream_id: number;
  timestamp: number;
  ingestion_time: number;
  message: string;
}

export interface GroupEventRow extends EventRow {
  stream_name: string;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

export interface TimeRange {
  /** Inclusive. */
  start?: number;
  /** Exclusive. */
  end?: number;
}

const MIN_TIME = 0;
const MAX_TIME = Number.MAX_SAFE_INTEGER;
/** How many appended events between two prunes. */
const PRUNE_EVERY = 1000;

/** The SQLite side of CloudWatch Logs: log groups, streams and their events. */
export class LogsStore {
  private readonly db: BetterSqlite3.Database;
  private readonly statements;
  private appendedSincePrune = 0;

  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly pruneEvery: number;

  constructor(store: Store, bounds: { maxEvents?: number; maxBytes?: number; pruneEvery?: number } = {}) {
    this.maxEvents = bounds.maxEvents ?? MAX_STORED_EVENTS;
    this.maxBytes = bounds.maxBytes ?? MAX_STORED_BYTES;
    this.pruneEvery = bounds.pruneEvery ?? PRUNE_EVERY;
    store.migrate('logs', LOGS_MIGRATIONS);
    this.db = store.db;
    const db = this.db;
    const groupColumns = `g.*, (SELECT COALESCE(SUM(stored_bytes), 0) FROM logs_streams s WHERE s.group_id = g.id) AS stored_bytes`;
    this.statements = {
      findGroup: db.prepare(`SELECT ${groupColumns} FROM logs_groups g WHERE account_id = ? AND region = ? AND name = ?`),
      insertGroup: db.prepare('INSERT OR IGNORE INTO logs_groups (account_id, region, name, created_at) VALUES (?, ?, ?, ?)'),
      deleteGroup: db.prepare('DELETE FROM logs_groups WHERE id = ?'),
      deleteGroupEvents: db.prepare('DELETE FROM logs_events WHERE group_id = ?'),
      setRetention: db.prepare('UPDATE logs_groups SET retention_days = ? WHERE id = ?'),
      setTags: db.prepare('UPDATE logs_groups SET tags = ? WHERE id = ?'),
      listGroups: db.prepare(
        `SELECT ${groupColumns} FROM logs_groups g WHERE account_id = ? AND region = ? AND substr(name, 1, length(?)) = ?
           AND instr(lower(name), lower(?)) > 0 ORDER BY name LIMIT ? OFFSET ?`,
      ),
      findStream: db.prepare('SELECT * FROM logs_streams WHERE group_id = ? AND name = ?'),
      insertStream: db.prepare('INSERT OR IGNORE INTO logs_streams (group_id, name, created_at) VALUES (?, ?, ?)'),
      deleteStream: db.prepare('DELETE FROM logs_streams WHERE id = ?'),
      deleteStreamEvents: db.prepare('DELETE FROM logs_events WHERE stream_id = ?'),
      streamsOfGroup: db.prepare('SELECT id, name FROM logs_streams WHERE group_id = ?'),
      insertEvent: db.prepare('INSERT INTO logs_events (group_id, stream_id, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)'),
      updateStream: db.prepare(
        `UPDATE logs_streams SET first_event_at = MIN(COALESCE(first_event_at, ?), ?), last_event_at = MAX(COALESCE(last_event_at, ?), ?),
           last_ingestion_at = ?, stored_bytes = stored_bytes + ? WHERE id = ?`,
      ),
      streamAfter: db.prepare(
        `SELECT * FROM logs_events WHERE stream_id = ? AND (timestamp, id) > (?, ?) AND timestamp >= ? AND timestamp < ?
           ORDER BY timestamp, id LIMIT ?`,
      ),
      streamBefore: db.prepare(
        `SELECT * FROM logs_events WHERE stream_id = ? AND (timestamp, id) < (?, ?) AND timestamp >= ? AND timestamp < ?
           ORDER BY timestamp DESC, id DESC LIMIT ?`,
      ),
      groupFrom: db.prepare(
        `SELECT e.*, s.name AS stream_name FROM logs_events e JOIN logs_streams s ON s.id = e.stream_id
           WHERE e.group_id = ? AND (e.timestamp, e.id) > (?, ?) AND e.timestamp >= ? AND e.timestamp < ?
           ORDER BY e.timestamp, e.id LIMIT ?`,
      ),
      maxEventId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM logs_events'),
      dropOldest: db.prepare('DELETE FROM logs_events WHERE id <= ?'),
      retainedGroups: db.prepare('SELECT id, retention_days FROM logs_groups WHERE retention_days IS NOT NULL'),
      dropExpired: db.prepare('DELETE FROM logs_events WHERE group_id = ? AND timestamp < ?'),
      oldestBytes: db.prepare(`SELECT stream_id, SUM(length(CAST(message AS BLOB)) + 26) AS bytes FROM logs_events WHERE id <= ? GROUP BY stream_id`),
      expiredBytes: db.prepare(
        `SELECT stream_id, SUM(length(CAST(message AS BLOB)) + 26) AS bytes FROM logs_events WHERE group_id = ? AND timestamp < ? GROUP BY stream_id`,
      ),
      lessBytes: db.prepare('UPDATE logs_streams SET stored_bytes = MAX(0, stored_bytes - ?) WHERE id = ?'),
      totalBytes: db.prepare('SELECT COALESCE(SUM(stored_bytes), 0) AS bytes FROM logs_streams'),
      eventCount: db.prepare('SELECT COUNT(*) AS n FROM logs_events'),
      eventIdAt: db.prepare('SELECT id FROM logs_events ORDER BY id LIMIT 1 OFFSET ?'),
    };
  }

  findGroup(scope: Scope, name: string): GroupRow | undefined {
    return this.statements.findGroup.get(scope.accountId, scope.region, name) as GroupRow | undefined;
  }

  /** False when the group already exists. */
  createGroup(scope: Scope, name: string, now: number): boolean {
    return this.statements.insertGroup.run(scope.accountId, scope.region, name, now).changes > 0;
  }

  ensureGroup(scope: Scope, name: string, now: number): GroupRow {
    this.createGroup(scope, name, now);
    return this.findGroup(scope, name)!;
  }

  deleteGroup(group: GroupRow): void {
    this.db.transaction(() => {
      this.statements.deleteGroupEvents.run(group.id);
      this.statements.deleteGroup.run(group.id);
    })();
  }

  setRetention(group: GroupRow, days: number | null): void {
    this.statements.setRetention.run(days, group.id);
  }

  setTags(group: GroupRow, tags: Record<string, string>): void {
    this.statements.setTags.run(JSON.stringify(tags), group.id);
  }

  /** Groups whose name starts with `prefix` and contains `pattern` (case-insensitively), by name. */
  listGroups(scope: Scope, filter: { prefix: string; pattern: string }, offset: number, limit: number): GroupRow[] {
    return this.statements.listGroups.all(scope.accountId, scope.region, filter.prefix, filter.prefix, filter.pattern, limit, offset) as GroupRow[];
  }

  findStream(group: GroupRow, name: string): StreamRow | undefined {
    return this.statements.findStream.get(group.id, name) as StreamRow | undefined;
  }

  /** False when the stream already exists. */
  createStream(group: GroupRow, name: string, now: number): boolean {
    return this.statements.insertStream.run(group.id, name, now).changes > 0;
  }

  ensureStream(group: GroupRow, name: string, now: number): StreamRow {
    this.createStream(group, name, now);
    return this.findStream(group, name)!;
  }

  deleteStream(stream: StreamRow): void {
    this.db.transaction(() => {
      this.statements.deleteStreamEvents.run(stream.id);
      this.statements.deleteStream.run(stream.id);
    })();
  }

  listStreams(group: GroupRow, options: { prefix: string; byLastEventTime: boolean; descending: boolean; offset: number; limit: number }): StreamRow[] {
    const direction = options.descending ? 'DESC' : 'ASC';
    const order = options.byLastEventTime ? `COALESCE(last_event_at, 0) ${direction}, name ${direction}` : `name ${direction}`;
    return this.db
      .prepare(`SELECT * FROM logs_streams WHERE group_id = ? AND substr(name, 1, length(?)) = ? ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(group.id, options.prefix, options.prefix, options.limit, options.offset) as StreamRow[];
  }

  streamIdsOf(group: GroupRow): Map<string, number> {
    const rows = this.statements.streamsOfGroup.all(group.id) as { id: number; name: string }[];
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  /** Appends events (already in timestamp order) to a stream; call inside `transaction` for many. */
  appendEvents(groupId: number, streamId: number, events: readonly NewEvent[], ingestionTime: number): void {
    if (events.length === 0) return;
    let first = Number.MAX_SAFE_INTEGER;
    let last = 0;
    let bytes = 0;
    for (const event of events) {
      this.statements.insertEvent.run(groupId, streamId, event.timestamp, ingestionTime, event.message);
      if (event.timestamp < first) first = event.timestamp;
      if (event.timestamp > last) last = event.timestamp;
      bytes += Buffer.byteLength(event.message) + 26;
    }
    this.statements.updateStream.run(first, first, last, last, ingestionTime, bytes, streamId);
    this.appendedSincePrune += events.length;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Events of a stream after `from` (exclusive), oldest first. */
  streamEventsAfter(streamId: number, from: EventPosition, range: TimeRange, limit: number): EventRow[] {
    return this.statements.streamAfter.all(streamId, from.timestamp, from.id, range.start ?? MIN_TIME, range.end ?? MAX_TIME, limit) as EventRow[];
  }

  /** Events of a stream before `to` (exclusive), newest first. */
  streamEventsBefore(streamId: number, to: EventPosition, range: TimeRange, limit: number): EventRow[] {
    return this.statements.streamBefore.all(streamId, to.timestamp, to.id, range.start ?? MIN_TIME, range.end ?? MAX_TIME, limit) as EventRow[];
  }

  /** Events of every stream of a group after `from` (exclusive), oldest first. */
  groupEventsAfter(group: GroupRow, from: EventPosition, range: TimeRange, limit: number): GroupEventRow[] {
    return this.statements.groupFrom.all(group.id, from.timestamp, from.id, range.start ?? MIN_TIME, range.end ?? MAX_TIME, limit) as GroupEventRow[];
  }

  /** Drops events past their group's retention, then the oldest beyond the store's event and byte caps. */
  pruneIfDue(now: number): void {
    if (this.appendedSincePrune < this.pruneEvery) return;
    this.appendedSincePrune = 0;
    const s = this.statements;
    this.transaction(() => {
      for (const g of s.retainedGroups.all() as { id: number; retention_days: number }[]) {
        const cutoff = now - g.retention_days * 86_400_000;
        this.forgetBytes(s.expiredBytes.all(g.id, cutoff));
        s.dropExpired.run(g.id, cutoff);
      }
      const { id } = s.maxEventId.get() as { id: number };
      if (id > this.maxEvents) this.dropThrough(id - this.maxEvents);
      // Over the byte cap, drop the oldest tenth until under it.
      for (let round = 0; round < 20 && (s.totalBytes.get() as { bytes: number }).bytes > this.maxBytes; round++) {
        const { n } = s.eventCount.get() as { n: number };
        const through = s.eventIdAt.get(Math.floor(n / 10)) as { id: number } | undefined;
        if (!through) break;
        this.dropThrough(through.id);
      }
    });
  }

  private dropThrough(id: number): void {
    this.forgetBytes(this.statements.oldestBytes.all(id));
    this.statements.dropOldest.run(id);
  }

  private forgetBytes(rows: unknown[]): void {
    for (const row of rows as { stream_id: number; bytes: number }[]) this.statements.lessBytes.run(row.bytes, row.stream_id);
  }
}
