import type { DestinationSender } from './types.js';

/** The record becomes the event of an asynchronous invocation of the target function. */
export const lambdaDestination: DestinationSender = {
  kind: 'Lambda function',
  onSuccess: true,
  exists: (arn, ports) => (ports.lambda ? ports.lambda.functionExists(arn) : undefined),
  async send(arn, record, { ports, traceHeader }) {
    if (!ports.lambda) throw new Error('no Lambda service is running in this Tributary');
    await ports.lambda.invokeAsync({ functionArn: arn, payload: Buffer.from(JSON.stringify(record)), traceHeader, source: 'lambda:destination' });
  },
};
