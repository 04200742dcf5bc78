/** DynamoDB Streams as a stream kind: its reader port, its Lambda record and its failure record's names. */
import type { StreamKind } from '../streams/types.js';

export const dynamodbStreamKind: StreamKind = {
  causeSource: 'aws:dynamodb',
  batchInfoKey: 'DDBStreamBatchInfo',
  reader: (deps) => deps.ports.dynamodbStreams,
  // The record as GetRecords returns it, with the stream's ARN, as Lambda delivers it.
  lambdaRecord: (read, streamArn) => {
    const { userIdentity, ...record } = read.record as { userIdentity?: { PrincipalId: string; Type: string } };
    const out: Record<string, unknown> = { ...record };
    // TTL deletes: Lambda's event spells the identity `{type, principalId}`.
    if (userIdentity) out.userIdentity = { type: userIdentity.Type, principalId: userIdentity.PrincipalId };
    out.eventSourceARN = streamArn;
    return out;
  },
  // FilterCriteria patterns name the record's own members: `eventName`, `dynamodb.NewImage...`.
  filterSubject: (record) => record,
  // AWS writes the DynamoDB batch's arrival times without milliseconds.
  arrivalText: (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
};
