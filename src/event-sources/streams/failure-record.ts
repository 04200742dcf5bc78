/**
 * The on-failure record of a stream mapping (AWS: "Retaining discarded batches for a DynamoDB/Kinesis
 * event source"): requestContext, responseContext (absent when the records aged out), version,
 * timestamp and the batch info (`DDBStreamBatchInfo` / `KinesisBatchInfo`). S3 destinations also get
 * the batch's payload, under `aws/lambda/<ESM-UUID>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`.
 */
import { randomUUID } from 'node:crypto';
import type { GatewayOutcome } from '../../gateway/types.js';
import type { StreamKind, StreamRecord } from './types.js';

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface FailureContext {
  kind: StreamKind;
  functionArn: string;
  streamArn: string;
  shardId: string;
  condition: FailureCondition;
  invokeCount: number;
  /** The last invocation's outcome (a partial batch response has no function error). */
  outcome?: GatewayOutcome;
  /** True when the function answered, but with failed items or a malformed partial response. */
  reportedFailure?: boolean;
  now: number;
}

export function failureRecord(records: readonly StreamRecord[], c: FailureContext): Record<string, unknown> {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const out: Record<string, unknown> = {
    requestContext: { requestId: randomUUID(), functionArn: c.functionArn, condition: c.condition, approximateInvokeCount: c.invokeCount },
  };
  const o = c.outcome;
  if (c.condition === 'RetryAttemptsExhausted' && o && (o.kind === 'success' || o.kind === 'function-error')) {
    out.responseContext = {
      statusCode: 200,
      executedVersion: o.executedVersion,
      // The X-Amz-Function-Error AWS saw: `Unhandled` for an error the function threw; none for a (partial) response.
      functionError: o.kind === 'function-error' && !c.reportedFailure ? 'Unhandled' : null,
    };
  }
  out.version = '1.0';
  out.timestamp = new Date(c.now).toISOString();
  out[c.kind.batchInfoKey] = {
    shardId: c.shardId,
    startSequenceNumber: first.sequenceNumber,
    endSequenceNumber: last.sequenceNumber,
    approximateArrivalOfFirstRecord: c.kind.arrivalText(first.arrivalMs),
    approximateArrivalOfLastRecord: c.kind.arrivalText(last.arrivalMs),
    batchSize: records.length,
    streamArn: c.streamArn,
  };
  return out;
}

/** The S3 object key of a failure record. */
export function failureObjectKey(mappingUuid: string, shardId: string, now: number): string {
  const iso = new Date(now).toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  return `aws/lambda/${mappingUuid}/${shardId}/${date.replaceAll('-', '/')}/${date}T${time.replaceAll(':', '.')}-${randomUUID()}`;
}
