import { existingStream, type StreamsOperation } from '../context.js';
import { sequenceNumberOf } from '../sequence.js';

/** DescribeStream: status, view type, key schema and the shards (open ones have no EndingSequenceNumber), paged by shard id. */
export const describeStream: StreamsOperation = (env, input, ctx) => {
  const stream = existingStream(env, ctx, input.StreamArn as string);
  const shards = env.store.shards(stream.stream_arn);
  const limit = (input.Limit as number | undefined) ?? 100;
  const after = input.ExclusiveStartShardId as string | undefined;
  const start = after === undefined ? 0 : shards.findIndex((s) => s.shard_id === after) + 1;
  const page = shards.slice(start, start + limit);
  const description: Record<string, unknown> = {
    StreamArn: stream.stream_arn,
    StreamLabel: stream.label,
    StreamStatus: stream.status,
    StreamViewType: stream.view_type,
    CreationRequestDateTime: stream.created_at / 1000,
    TableName: stream.table_name,
    KeySchema: JSON.parse(stream.key_schema),
    Shards: page.map((s) => ({
      ShardId: s.shard_id,
      SequenceNumberRange: {
        StartingSequenceNumber: sequenceNumberOf(s.start_seq),
        ...(s.end_seq === null ? {} : { EndingSequenceNumber: sequenceNumberOf(s.end_seq) }),
      },
      ...(s.parent_shard_id ? { ParentShardId: s.parent_shard_id } : {}),
    })),
  };
  if (start + limit < shards.length) description.LastEvaluatedShardId = page[page.length - 1]!.shard_id;
  return { StreamDescription: description };
};
