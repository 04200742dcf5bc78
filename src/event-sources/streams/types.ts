/**
 * What a stream kind (DynamoDB Streams now, Kinesis next) brings to the generic stream mapping:
 * its reader port, its Lambda record, what its FilterCriteria match, and its failure record's names.
 */
import type { StreamReaderPort, StreamReadRecord } from '../../contracts.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { SourceRecord } from '../core/types.js';

export interface StreamKind {
  /** `source` of the gateway cause and of Records (`aws:dynamodb`, `aws:kinesis`). */
  readonly causeSource: string;
  /** The on-failure record's batch member: `DDBStreamBatchInfo` or `KinesisBatchInfo`. */
  readonly batchInfoKey: string;
  reader(deps: ServiceDeps): StreamReaderPort | undefined;
  /** The record as the function receives it. */
  lambdaRecord(read: StreamReadRecord, streamArn: string): Record<string, unknown>;
  /** What a FilterCriteria pattern is matched against (DynamoDB: the record with `dynamodb`, `eventName`, ...). */
  filterSubject(lambdaRecord: Record<string, unknown>): unknown;
  /** `approximateArrivalOfFirstRecord` and `...LastRecord` of a failure record. */
  arrivalText(ms: number): string;
}

/** One stream record as the core carries it. */
export interface StreamRecord extends SourceRecord {
  /** The record's sequence number (also `id`). */
  readonly sequenceNumber: string;
  /** The lane position just before it: where a checkpoint goes when it is the first record not yet done. */
  readonly before: string | undefined;
  readonly arrivalMs: number;
  readonly partitionKey: string;
  readonly lambda: Record<string, unknown>;
}
