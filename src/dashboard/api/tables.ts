import { sequenceNumberOf } from '../../services/dynamodb-streams/sequence.js';
import type { TableDef } from '../../services/dynamodb/table-model.js';
import type { Db } from '../../store/database.js';
import type { StreamDetail, StreamSummary, TableSummary } from '../api-types.js';
import { parseJson, row, rows } from './db.js';

export function allTables(db: Db): TableDef[] {
  return rows<{ definition: string }>(db, 'SELECT definition FROM dynamodb_tables ORDER BY name, account_id, region').map((r) =>
    parseJson<TableDef>(r.definition, {} as TableDef),
  );
}

export function tableByArn(db: Db, arn: string): TableDef | undefined {
  return allTables(db).find((t) => t.arn === arn);
}

/** Every table with its item count (counted now; DescribeTable's ItemCount is refreshed every six hours on AWS). */
export function listTables(db: Db, now: number): TableSummary[] {
  const counts = new Map(
    rows<{ table_id: string; n: number }>(db, 'SELECT table_id, COUNT(*) AS n FROM dynamodb_items GROUP BY table_id').map((r) => [r.table_id, r.n]),
  );
  return allTables(db).map((t) => {
    const summary: TableSummary = {
      name: t.name,
      arn: t.arn,
      status: now < t.activeAt ? 'CREATING' : t.updatingUntil !== undefined && now < t.updatingUntil ? 'UPDATING' : 'ACTIVE',
      itemCount: counts.get(t.id) ?? 0,
      keySchema: t.keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      region: t.region,
      accountId: t.accountId,
    };
    if (t.stream?.enabled && t.stream.arn) {
      summary.streamArn = t.stream.arn;
      if (t.stream.viewType) summary.streamViewType = t.stream.viewType;
    }
    return summary;
  });
}

/** Up to `limit` items of a table, in DynamoDB JSON, in key order. */
export function tableItems(db: Db, table: TableDef, limit: number): Record<string, unknown>[] {
  return rows<{ item: string }>(db, 'SELECT item FROM dynamodb_items WHERE table_id = ? ORDER BY pk, sk LIMIT ?', table.id, limit).map((r) =>
    parseJson<Record<string, unknown>>(r.item, {}),
  );
}

interface StreamRow {
  stream_arn: string;
  table_name: string;
  status: string;
}

export function listStreams(db: Db): StreamSummary[] {
  const shards = new Map(
    rows<{ stream_arn: string; n: number }>(db, 'SELECT stream_arn, COUNT(*) AS n FROM dynamodb_streams_shards GROUP BY stream_arn').map((r) => [
      r.stream_arn,
      r.n,
    ]),
  );
  return rows<StreamRow>(db, 'SELECT stream_arn, table_name, status FROM dynamodb_streams_streams ORDER BY created_at').map((s) => ({
    arn: s.stream_arn,
    name: s.table_name,
    kind: 'dynamodb',
    status: s.status,
    shards: shards.get(s.stream_arn) ?? 0,
  }));
}

export function streamDetail(db: Db, arn: string): StreamDetail | undefined {
  const s = row<StreamRow>(db, 'SELECT stream_arn, table_name, status FROM dynamodb_streams_streams WHERE stream_arn = ?', arn);
  if (!s) return undefined;
  const shardRows = rows<{ shard_id: string; parent_shard_id: string | null; start_seq: number; end_seq: number | null; records: number }>(
    db,
    'SELECT shard_id, parent_shard_id, start_seq, end_seq, records FROM dynamodb_streams_shards WHERE stream_arn = ? ORDER BY ord',
    arn,
  );
  return {
    arn: s.stream_arn,
    name: s.table_name,
    kind: 'dynamodb',
    status: s.status,
    shards: shardRows.length,
    shardList: shardRows.map((r) => {
      const shard: StreamDetail['shardList'][number] = { shardId: r.shard_id, startingSequenceNumber: sequenceNumberOf(r.start_seq), records: r.records };
      if (r.parent_shard_id) shard.parentShardId = r.parent_shard_id;
      if (r.end_seq !== null) shard.endingSequenceNumber = sequenceNumberOf(r.end_seq);
      return shard;
    }),
  };
}
