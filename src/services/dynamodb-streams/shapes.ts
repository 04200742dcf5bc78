import { type StringShape, structure } from '../../protocols/constraints.js';

/** DynamoDB Streams' input shapes, as its model states them. */
const streamArn: StringShape = { type: 'string', length: { min: 37, max: 1024 } };
const shardId: StringShape = { type: 'string', length: { min: 28, max: 65 } };

export const STREAMS_SHAPES = {
  ListStreams: structure({
    TableName: { type: 'string', length: { min: 3, max: 255 }, pattern: '[a-zA-Z0-9_.-]+' },
    Limit: { type: 'integer', range: { min: 1, max: 100 } },
    ExclusiveStartStreamArn: streamArn,
  }),
  DescribeStream: structure({
    StreamArn: { ...streamArn, required: true },
    Limit: { type: 'integer', range: { min: 1, max: 100 } },
    ExclusiveStartShardId: shardId,
  }),
  GetShardIterator: structure({
    StreamArn: { ...streamArn, required: true },
    ShardId: { ...shardId, required: true },
    ShardIteratorType: { type: 'string', required: true, enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] },
    SequenceNumber: { type: 'string', length: { min: 21, max: 40 } },
  }),
  GetRecords: structure({
    ShardIterator: { type: 'string', required: true, length: { min: 1, max: 2048 } },
    Limit: { type: 'integer', range: { min: 1, max: 1000 } },
  }),
};

export type StreamsOperationName = keyof typeof STREAMS_SHAPES;
