import type { DestinationSender } from './types.js';

export const snsDestination: DestinationSender = {
  kind: 'SNS topic',
  onSuccess: true,
  exists: (arn, ports) => (ports.sns ? ports.sns.topicExists(arn) : undefined),
  async send(arn, record, { ports, traceHeader }) {
    if (!ports.sns) throw new Error('no SNS service is running in this Tributary');
    await ports.sns.publish(arn, JSON.stringify(record), { traceHeader });
  },
};
