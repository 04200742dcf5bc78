import type { DestinationSender } from './types.js';

export const sqsDestination: DestinationSender = {
  kind: 'SQS queue',
  onSuccess: true,
  exists: (arn, ports) => (ports.sqs ? ports.sqs.queueInfo(arn) !== undefined : undefined),
  async send(arn, record, { ports, traceHeader }) {
    if (!ports.sqs) throw new Error('no SQS service is running in this Tributary');
    await ports.sqs.sendMessage(arn, { body: JSON.stringify(record), traceHeader });
  },
};
