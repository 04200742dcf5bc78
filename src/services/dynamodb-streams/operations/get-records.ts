import { existingStream, type StreamsOperation } from '../context.js';
import { expiredIterator, shardNotFound, trimmedData } from '../errors.js';
import { decodeIterator, encodeIterator, ITERATOR_LIFETIME_MS } from '../iterators.js';

/**
 * GetRecords: up to Limit (1,000 at most) records after the iterator's position, and the iterator
 * for what follows; once a closed shard is drained, there is no NextShardIterator.
 */
export const getRecords: StreamsOperation = (env, input, ctx) => {
  const position = decodeIterator(input.ShardIterator as string);
  const now = env.clock.now();
  if (now - position.issuedAt > ITERATOR_LIFETIME_MS) throw expiredIterator();
  const stream = existingStream(env, ctx, position.streamArn);
  const limit = (input.Limit as number | undefined) ?? 1000;
  const rows = env.store.read(stream.stream_arn, position.shardId, position.after, limit);
  const shard = env.store.shard(stream.stream_arn, position.shardId);
  if (!shard) throw shardNotFound(position.shardId);
  if (position.after < shard.trimmed_through) throw trimmedData();
  const after = rows.length > 0 ? rows[rows.length - 1]!.seq : position.after;
  const out: Record<string, unknown> = { Records: rows.map((r) => JSON.parse(r.record)) };
  const drained = shard.end_seq !== null && (after >= shard.end_seq || rows.length < limit);
  if (!drained) out.NextShardIterator = encodeIterator({ streamArn: stream.stream_arn, shardId: shard.shard_id, after, issuedAt: now });
  return out;
};
