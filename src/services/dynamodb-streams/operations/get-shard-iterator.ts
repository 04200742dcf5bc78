import { existingStream, type StreamsOperation } from '../context.js';
import { shardNotFound, trimmedData, validation } from '../errors.js';
import { encodeIterator } from '../iterators.js';
import { seqOf } from '../sequence.js';

/** GetShardIterator: TRIM_HORIZON, LATEST, AT_ or AFTER_SEQUENCE_NUMBER; a position retention has trimmed is refused. */
export const getShardIterator: StreamsOperation = (env, input, ctx) => {
  const stream = existingStream(env, ctx, input.StreamArn as string);
  env.store.trimIfDue();
  const shard = env.store.shard(stream.stream_arn, input.ShardId as string);
  if (!shard) throw shardNotFound(input.ShardId as string);
  const type = input.ShardIteratorType as string;
  let after: number;
  if (type === 'TRIM_HORIZON') after = Math.max(shard.trimmed_through, shard.start_seq - 1);
  else if (type === 'LATEST') after = env.store.lastSeq(shard);
  else {
    const given = input.SequenceNumber as string | undefined;
    if (given === undefined) throw validation(`Must specify SequenceNumber when using ${type}`);
    const seq = seqOf(given);
    if (seq === undefined) throw validation(`Invalid SequenceNumber: ${given}`);
    const end = shard.end_seq ?? Number.MAX_SAFE_INTEGER;
    if (seq < shard.start_seq || seq > end) {
      throw validation(`Invalid SequenceNumber for ShardIteratorType: ${type}, SequenceNumber: ${given}, ShardId: ${shard.shard_id}`);
    }
    after = type === 'AT_SEQUENCE_NUMBER' ? seq - 1 : seq;
    if (after < shard.trimmed_through) throw trimmedData();
  }
  return { ShardIterator: encodeIterator({ streamArn: stream.stream_arn, shardId: shard.shard_id, after, issuedAt: env.clock.now() }) };
};
