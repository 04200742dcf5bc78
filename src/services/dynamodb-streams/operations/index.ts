import type { StreamsOperation } from '../context.js';
import type { StreamsOperationName } from '../shapes.js';
import { describeStream } from './describe-stream.js';
import { getRecords } from './get-records.js';
import { getShardIterator } from './get-shard-iterator.js';
import { listStreams } from './list-streams.js';

export const STREAMS_OPERATIONS: Record<StreamsOperationName, StreamsOperation> = {
  ListStreams: listStreams,
  DescribeStream: describeStream,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
};
