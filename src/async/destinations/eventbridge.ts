import type { InvocationRecord } from '../invocation-record.js';

/**
 * The PutEvents entry of an EventBridge destination: the record is the `detail` of a
 * `Lambda Function Invocation Result - Success` (or `- Failure`) event from `source: "lambda"`,
 * whose resources are the bus and the qualified function ARN (as AWS's recorded events show).
 */
export function invocationResultEntry(record: InvocationRecord, busArn: string): { source: string; detailType: string; resources: string[]; detail: string } {
  const outcome = record.requestContext.condition === 'Success' ? 'Success' : 'Failure';
  return {
    source: 'lambda',
    detailType: `Lambda Function Invocation Result - ${outcome}`,
    resources: [busArn, record.requestContext.functionArn],
    detail: JSON.stringify(record),
  };
}
