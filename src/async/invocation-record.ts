/** The invocation record destinations receive, as AWS's "Capturing records of Lambda asynchronous invocations" describes it. */
export type RecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: RecordCondition;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: {
    statusCode: number;
    executedVersion?: string;
    functionError?: string;
  };
  responsePayload?: unknown;
}

export interface RecordInput {
  nowMs: number;
  requestId: string;
  /** Qualified function ARN. */
  functionArn: string;
  condition: RecordCondition;
  invokeCount: number;
  requestPayload: Buffer;
  statusCode: number;
  executedVersion?: string;
  functionError?: string;
  responsePayload?: Buffer;
}

export function buildInvocationRecord(input: RecordInput): InvocationRecord {
  const responseContext: InvocationRecord['responseContext'] = { statusCode: input.statusCode };
  if (input.executedVersion !== undefined) responseContext.executedVersion = input.executedVersion;
  if (input.functionError !== undefined) responseContext.functionError = input.functionError;
  const record: InvocationRecord = {
    version: '1.0',
    timestamp: new Date(input.nowMs).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: decodePayload(input.requestPayload),
    responseContext,
  };
  if (input.responsePayload !== undefined && input.responsePayload.length > 0) record.responsePayload = decodePayload(input.responsePayload);
  return record;
}

/** JSON payloads are embedded as JSON; anything else as the string it is. */
function decodePayload(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
