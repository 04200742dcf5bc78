/** DynamoDB Streams as a stream kind: its reader port, its Lambda record and its failure record's names. */
import type { StreamKind } from '../streams/types.js';

export const dynamodbStreamKind: StreamKind = {
  causeSource: 'aws:dynamodb',
  batchInfoKey: 'DDBStreamBatchInfo',
  reader: (deps) => deps.ports.dynamodbStreams,
  // The record as GetRecords returns it, with the stream's ARN, as Lambda delivers it.
  lambdaRecord: (read, streamArn) => ({ ...read.record, eventSourceARN: streamArn }),
  // FilterCriteria patterns name the record's own members: `eventName`, `dynamodb.NewImage...`.
  filterSubject: (record) => record,
  // AWS writes the DynamoDB batch's arrival times without milliseconds.
  arrivalText: (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
};
