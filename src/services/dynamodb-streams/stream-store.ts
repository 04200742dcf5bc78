/**
 * Streams, shards and records in SQLite. Writes come from DynamoDB inside its own transaction
 * (`append`), so an item change and its record commit together. Shards roll over as AWS's do: the
 * open shard closes after a number of records or hours and a child (ParentShardId) opens. Records
 * older than the 24 h retention are trimmed on the injected clock; a disabled stream stays
 * readable for 24 h, then goes.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { DynamoDbItemChange, DynamoDbStreamTable, DynamoDbStreamViewType } from '../../contracts.js';
import type { Db, Store } from '../../store/database.js';
import { itemSize } from './record-size.js';
import { STREAMS_MIGRATIONS } from './schema.js';
import { sequenceNumberOf } from './sequence.js';

export const RETENTION_MS = 24 * 3_600_000;
/** Trimming runs at most this often (clock ms). */
const TRIM_INTERVAL_MS = 60_000;

export interface StreamRow {
  stream_arn: string;
  account_id: string;
  region: string;
  table_name: string;
  table_arn: string;
  key_schema: string;
  view_type: DynamoDbStreamViewType;
  label: string;
  created_at: number;
  status: 'ENABLED' | 'DISABLED';
  disabled_at: number | null;
}

export interface ShardRow {
  ord: number;
  stream_arn: string;
  shard_id: string;
  parent_shard_id: string | null;
  created_at: number;
  start_seq: number;
  end_seq: number | null;
  records: number;
  trimmed_through: number;
}

export interface RecordRow {
  seq: number;
  created_at: number;
  partition_key: string;
  record: string;
}

export interface RolloverLimits {
  maxRecords: number;
  maxAgeMs: number;
}

export class StreamStore {
  private readonly db: Db;
  private lastTrim = -Infinity;
  private readonly stmts;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly limits: RolloverLimits,
  ) {
    store.migrate('dynamodb-streams', STREAMS_MIGRATIONS);
    this.db = store.db;
    const db = this.db;
    this.stmts = {
      stream: db.prepare('SELECT * FROM dynamodb_streams_streams WHERE stream_arn = ?'),
      openShard: db.prepare('SELECT * FROM dynamodb_streams_shards WHERE stream_arn = ? AND end_seq IS NULL ORDER BY ord DESC LIMIT 1'),
      shard: db.prepare('SELECT * FROM dynamodb_streams_shards WHERE stream_arn = ? AND shard_id = ?'),
      shards: db.prepare('SELECT * FROM dynamodb_streams_shards WHERE stream_arn = ? ORDER BY ord'),
      insertShard: db.prepare('INSERT INTO dynamodb_streams_shards (stream_arn, shard_id, parent_shard_id, created_at, start_seq) VALUES (?, ?, ?, ?, ?)'),
      closeShard: db.prepare('UPDATE dynamodb_streams_shards SET end_seq = ? WHERE ord = ?'),
      countShard: db.prepare('UPDATE dynamodb_streams_shards SET records = records + ? WHERE ord = ?'),
      insertRecord: db.prepare('INSERT INTO dynamodb_streams_records (seq, stream_arn, shard_id, created_at, partition_key, record) VALUES (?, ?, ?, ?, ?, ?)'),
      lastSeq: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'dynamodb_streams_records'"),
      lastInShard: db.prepare('SELECT MAX(seq) AS seq FROM dynamodb_streams_records WHERE stream_arn = ? AND shard_id = ?'),
      read: db.prepare(
        'SELECT seq, created_at, partition_key, record FROM dynamodb_streams_records WHERE stream_arn = ? AND shard_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      firstAtOrAfter: db.prepare('SELECT seq FROM dynamodb_streams_records WHERE stream_arn = ? AND shard_id = ? AND created_at >= ? ORDER BY seq LIMIT 1'),
    };
  }

  stream(arn: string): StreamRow | undefined {
    return this.stmts.stream.get(arn) as StreamRow | undefined;
  }

  /** Streams of an account and region, oldest first; only those of `tableName` when given. */
  streams(accountId: string, region: string, tableName?: string): StreamRow[] {
    this.trimIfDue();
    const rows = this.db
      .prepare('SELECT * FROM dynamodb_streams_streams WHERE account_id = ? AND region = ? ORDER BY created_at, stream_arn')
      .all(accountId, region) as StreamRow[];
    return tableName === undefined ? rows : rows.filter((r) => r.table_name === tableName);
  }

  enable(table: DynamoDbStreamTable, viewType: DynamoDbStreamViewType): StreamRow {
    const run = () => {
      let at = this.clock.now();
      let label = labelOf(at);
      let arn = `${table.tableArn}/stream/${label}`;
      // Two streams of one table never share a label: the next millisecond's label is taken.
      while (this.stream(arn)) {
        at++;
        label = labelOf(at);
        arn = `${table.tableArn}/stream/${label}`;
      }
      this.db
        .prepare(
          `INSERT INTO dynamodb_streams_streams (stream_arn, account_id, region, table_name, table_arn, key_schema, view_type, label, created_at, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ENABLED')`,
        )
        .run(arn, table.accountId, table.region, table.tableName, table.tableArn, JSON.stringify(table.keySchema), viewType, label, at);
      this.openShard(arn, undefined);
      return this.stream(arn)!;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run)();
  }

  disable(arn: string): void {
    const run = () => {
      const stream = this.stream(arn);
      if (!stream || stream.status === 'DISABLED') return;
      this.db.prepare("UPDATE dynamodb_streams_streams SET status = 'DISABLED', disabled_at = ? WHERE stream_arn = ?").run(this.clock.now(), arn);
      const open = this.stmts.openShard.get(arn) as ShardRow | undefined;
      if (open) this.close(open);
    };
    if (this.db.inTransaction) run();
    else this.db.transaction(run)();
  }

  /** Writes the records of one table write; false when the stream takes no records (disabled or gone). */
  append(arn: string, changes: readonly DynamoDbItemChange[]): boolean {
    const stream = this.stream(arn);
    if (stream?.status !== 'ENABLED' || changes.length === 0) return false;
    const run = () => {
      let shard = this.rollIfDue(stream);
      const now = this.clock.now();
      const approximate = Math.floor(now / 1000);
      for (const change of changes) {
        if (shard.records >= this.limits.maxRecords) shard = this.rollover(shard);
        const body = recordOf(stream, change, approximate);
        const key = canonicalKey(change.keys);
        const seq = this.nextSeq();
        (body.dynamodb as Record<string, unknown>).SequenceNumber = sequenceNumberOf(seq);
        this.stmts.insertRecord.run(seq, arn, shard.shard_id, now, key, JSON.stringify(body));
        this.stmts.countShard.run(1, shard.ord);
        shard.records++;
      }
    };
    if (this.db.inTransaction) run();
    else this.db.transaction(run)();
    this.trimIfDue();
    return true;
  }

  /** Shards still readable, in creation order (parents before children); rolls over a shard that is due. */
  shards(arn: string): ShardRow[] {
    this.trimIfDue();
    const stream = this.stream(arn);
    if (stream?.status === 'ENABLED') {
      const open = this.stmts.openShard.get(arn) as ShardRow | undefined;
      if (open && this.clock.now() - open.created_at >= this.limits.maxAgeMs) this.db.transaction(() => this.rollover(open))();
    }
    return this.stmts.shards.all(arn) as ShardRow[];
  }

  shard(arn: string, shardId: string): ShardRow | undefined {
    return this.stmts.shard.get(arn, shardId) as ShardRow | undefined;
  }

  /** Up to `limit` records of a shard after row id `after`. */
  read(arn: string, shardId: string, after: number, limit: number): RecordRow[] {
    this.trimIfDue();
    return this.stmts.read.all(arn, shardId, after, limit) as RecordRow[];
  }

  /** The last record's row id in a shard (its start minus one when it has none). */
  lastSeq(shard: ShardRow): number {
    const row = this.stmts.lastInShard.get(shard.stream_arn, shard.shard_id) as { seq: number | null };
    return row.seq ?? Math.max(shard.trimmed_through, shard.start_seq - 1);
  }

  /** The row id just before the first record written at or after `timeMs`. */
  positionAt(shard: ShardRow, timeMs: number): number {
    const row = this.stmts.firstAtOrAfter.get(shard.stream_arn, shard.shard_id, timeMs) as { seq: number } | undefined;
    return row ? row.seq - 1 : this.lastSeq(shard);
  }

  /** Removes what retention has passed: records older than 24 h, shards emptied by it, streams disabled a day ago. */
  trimIfDue(): void {
    const now = this.clock.now();
    if (now - this.lastTrim < TRIM_INTERVAL_MS) return;
    this.lastTrim = now;
    const horizon = now - RETENTION_MS;
    this.db.transaction(() => {
      const trimmed = this.db
        .prepare('SELECT stream_arn, shard_id, MAX(seq) AS seq FROM dynamodb_streams_records WHERE created_at < ? GROUP BY stream_arn, shard_id')
        .all(horizon) as { stream_arn: string; shard_id: string; seq: number }[];
      if (trimmed.length === 0 && !this.hasExpiredStreams(horizon)) return;
      const mark = this.db.prepare('UPDATE dynamodb_streams_shards SET trimmed_through = MAX(trimmed_through, ?) WHERE stream_arn = ? AND shard_id = ?');
      for (const t of trimmed) mark.run(t.seq, t.stream_arn, t.shard_id);
      this.db.prepare('DELETE FROM dynamodb_streams_records WHERE created_at < ?').run(horizon);
      // A closed shard whose records are all gone, and which closed before the horizon, is no longer listed.
      this.db
        .prepare('DELETE FROM dynamodb_streams_shards WHERE end_seq IS NOT NULL AND created_at < ? AND trimmed_through >= end_seq')
        .run(horizon - this.limits.maxAgeMs);
      const gone = this.db.prepare("SELECT stream_arn FROM dynamodb_streams_streams WHERE status = 'DISABLED' AND disabled_at < ?").all(horizon) as {
        stream_arn: string;
      }[];
      for (const g of gone) {
        this.db.prepare('DELETE FROM dynamodb_streams_records WHERE stream_arn = ?').run(g.stream_arn);
        this.db.prepare('DELETE FROM dynamodb_streams_shards WHERE stream_arn = ?').run(g.stream_arn);
        this.db.prepare('DELETE FROM dynamodb_streams_streams WHERE stream_arn = ?').run(g.stream_arn);
      }
    })();
  }

  private hasExpiredStreams(horizon: number): boolean {
    return this.db.prepare("SELECT 1 FROM dynamodb_streams_streams WHERE status = 'DISABLED' AND disabled_at < ? LIMIT 1").get(horizon) !== undefined;
  }

  private rollIfDue(stream: StreamRow): ShardRow {
    const open = (this.stmts.openShard.get(stream.stream_arn) as ShardRow | undefined) ?? this.openShard(stream.stream_arn, undefined);
    if (this.clock.now() - open.created_at >= this.limits.maxAgeMs || open.records >= this.limits.maxRecords) return this.rollover(open);
    return open;
  }

  /** Closes the shard and opens its child. */
  private rollover(shard: ShardRow): ShardRow {
    this.close(shard);
    return this.openShard(shard.stream_arn, shard.shard_id);
  }

  private close(shard: ShardRow): void {
    this.stmts.closeShard.run(Math.max(this.lastSeq(shard), shard.start_seq), shard.ord);
  }

  /** The row id the next record gets (AUTOINCREMENT never reuses one, even after trimming). */
  private nextSeq(): number {
    return ((this.stmts.lastSeq.get() as { seq: number } | undefined)?.seq ?? 0) + 1;
  }

  private openShard(arn: string, parent: string | undefined): ShardRow {
    const now = this.clock.now();
    const next = this.nextSeq();
    const id = `shardId-${String(now).padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
    this.stmts.insertShard.run(arn, id, parent ?? null, now, next);
    return this.stmts.shard.get(arn, id) as ShardRow;
  }
}

/** `YYYY-MM-DDTHH:MM:SS.mmm` of a time (UTC). */
export function labelOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** The record as GetRecords returns it; the stream's view type picks the images. */
function recordOf(stream: StreamRow, change: DynamoDbItemChange, approximateSeconds: number): Record<string, unknown> {
  const view = stream.view_type;
  const withNew = view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
  const withOld = view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
  const newImage = withNew ? change.newImage : undefined;
  const oldImage = withOld ? change.oldImage : undefined;
  const dynamodb: Record<string, unknown> = { ApproximateCreationDateTime: approximateSeconds, Keys: change.keys };
  if (newImage) dynamodb.NewImage = newImage;
  if (oldImage) dynamodb.OldImage = oldImage;
  // Set once the row id is known; AWS lists it here, before SizeBytes.
  dynamodb.SequenceNumber = '';
  dynamodb.SizeBytes = itemSize(change.keys) + itemSize(newImage) + itemSize(oldImage);
  dynamodb.StreamViewType = view;
  const record: Record<string, unknown> = {
    eventID: randomBytes(16).toString('hex'),
    eventName: change.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: stream.region,
    dynamodb,
  };
  // The Streams API spells the members `PrincipalId` and `Type` (Lambda's event: `type`, `principalId`).
  if (change.userIdentity) record.userIdentity = { PrincipalId: change.userIdentity.principalId, Type: change.userIdentity.type };
  return record;
}

/** The item's key as one string (attribute names sorted), for per-key ordering. */
export function canonicalKey(keys: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(keys)
      .sort()
      .map((k) => [k, keys[k]]),
  );
}
