/**
 * Amazon DynamoDB Streams (JSON 1.0, `DynamoDBStreams_20120810.*`, signed as `dynamodb`): the read
 * API over the records DynamoDB appends through the `DynamoDbStreamsPort`, and the in-process
 * reader stream event source mappings poll (`StreamReaderPort`).
 *
 * Layout: `stream-store.ts` (streams, shards and rollover, records, retention), `iterators.ts`,
 * `signals.ts` (waking readers after a write commits), `operations/` (one file per operation).
 */
import type { DynamoDbStreamsPort, StreamReaderPort } from '../../contracts.js';
import type { AwsError } from '../../protocols/aws-error.js';
import { JsonRpcCodec, type JsonOperation } from '../../protocols/json-rpc.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import { bind, type StreamsEnv } from './context.js';
import { STREAMS_OPERATIONS } from './operations/index.js';
import { seqOf, sequenceNumberOf } from './sequence.js';
import { STREAMS_SHAPES, type StreamsOperationName } from './shapes.js';
import { StreamSignals } from './signals.js';
import { RETENTION_MS, StreamStore } from './stream-store.js';

const MAX_REQUEST_BYTES = 1024 * 1024;
const ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

export type DynamoDbStreamsService = Service & DynamoDbStreamsPort & StreamReaderPort;

export function createDynamoDbStreamsService(deps: ServiceDeps): DynamoDbStreamsService {
  const store = new StreamStore(deps.store, deps.clock, {
    maxRecords: deps.config.dynamodbStreamShardRecords,
    maxAgeMs: deps.config.dynamodbStreamShardAgeMs,
  });
  const signals = new StreamSignals(deps.store.db);
  const env: StreamsEnv = { store, clock: deps.clock };
  const operations: Record<string, JsonOperation> = {};
  for (const [name, operation] of Object.entries(STREAMS_OPERATIONS)) operations[name] = bind(env, STREAMS_SHAPES[name as StreamsOperationName], operation);
  const codec = new JsonRpcCodec(operations, {
    contentType: 'application/x-amz-json-1.0',
    maxBodyBytes: MAX_REQUEST_BYTES,
    errorType: (err: AwsError) => ERROR_NAMESPACE + err.code,
  });
  const position = (seq: number | undefined) => (seq === undefined ? undefined : sequenceNumberOf(seq));
  return {
    name: 'dynamodb-streams',
    // Signed as `dynamodb` like DynamoDB itself; the router tells the two apart by X-Amz-Target.
    signingNames: ['dynamodb'],
    targetPrefixes: ['DynamoDBStreams_20120810'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),

    enableStream(table, viewType) {
      const row = store.enable(table, viewType);
      return { streamArn: row.stream_arn, streamLabel: row.label };
    },
    disableStream(streamArn) {
      store.disable(streamArn);
      signals.notify(streamArn);
    },
    append(streamArn, changes) {
      if (store.append(streamArn, changes)) signals.notify(streamArn);
    },

    streamInfo(streamArn) {
      const row = store.stream(streamArn);
      return row && { retentionMs: RETENTION_MS, enabled: row.status === 'ENABLED' };
    },
    shards(streamArn) {
      return store.shards(streamArn).map((s) => ({ shardId: s.shard_id, parentShardId: s.parent_shard_id ?? undefined, closed: s.end_seq !== null }));
    },
    read(streamArn, shardId, after, max) {
      const shard = store.shard(streamArn, shardId);
      if (!shard) return { records: [], drained: true };
      const from = after === undefined ? shard.start_seq - 1 : (seqOf(after) ?? shard.start_seq - 1);
      const rows = store.read(streamArn, shardId, from, max);
      const latest = store.shard(streamArn, shardId) ?? shard;
      const last = rows.length > 0 ? rows[rows.length - 1]!.seq : from;
      return {
        records: rows.map((r) => ({
          sequenceNumber: sequenceNumberOf(r.seq),
          arrivalMs: r.created_at,
          partitionKey: r.partition_key,
          record: JSON.parse(r.record),
        })),
        trimmedThrough: latest.trimmed_through > 0 ? sequenceNumberOf(latest.trimmed_through) : undefined,
        drained: latest.end_seq !== null && (last >= latest.end_seq || rows.length < max),
      };
    },
    positionAt(streamArn, shardId, timeMs) {
      const shard = store.shard(streamArn, shardId);
      return shard && position(store.positionAt(shard, timeMs));
    },
    onAppend: (streamArn, listener) => signals.subscribe(streamArn, listener),
  };
}

export const dynamodbStreamsModule = defineService({
  name: 'dynamodbStreams',
  create: createDynamoDbStreamsService,
  offer: (service): DynamoDbStreamsPort & StreamReaderPort => service,
});
