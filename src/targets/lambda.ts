import { serviceAbsent, type TargetKind } from './types.js';

/**
 * `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`: the body becomes the event of an
 * asynchronous invocation, through the durable async queue (retries, destinations and DLQ apply).
 */
export const lambdaTarget: TargetKind = {
  description: 'Lambda function',
  exists: (arn, ports) => (ports.lambda ? ports.lambda.functionExists(arn) : undefined),
  async send(arn, message, ports) {
    if (!ports.lambda) throw serviceAbsent('Lambda');
    const accepted = await ports.lambda.invokeAsync({
      functionArn: arn,
      payload: typeof message.body === 'string' ? Buffer.from(message.body) : message.body,
      traceHeader: message.traceHeader,
      source: message.sender,
      causeIds: message.causeIds,
    });
    return { id: accepted.requestId };
  },
};
