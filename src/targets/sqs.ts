import type { SqsSendRequest } from '../contracts.js';
import { serviceAbsent, type TargetAttribute, type TargetKind } from './types.js';

/** `arn:aws:sqs:<region>:<account>:<queue>`: the body is the message body. */
export const sqsTarget: TargetKind = {
  description: 'SQS queue',
  exists: (arn, ports) => (ports.sqs ? ports.sqs.queueInfo(arn) !== undefined : undefined),
  async send(arn, message, ports) {
    if (!ports.sqs) throw serviceAbsent('SQS');
    const sent = await ports.sqs.sendMessage(arn, {
      body: typeof message.body === 'string' ? message.body : message.body.toString('utf8'),
      messageAttributes: message.attributes ? sqsAttributes(message.attributes) : undefined,
      traceHeader: message.traceHeader,
      messageGroupId: message.groupId,
      messageDeduplicationId: message.deduplicationId,
    });
    return { id: sent.messageId };
  },
};

function sqsAttributes(attributes: Record<string, TargetAttribute>): NonNullable<SqsSendRequest['messageAttributes']> {
  const out: NonNullable<SqsSendRequest['messageAttributes']> = {};
  for (const [name, { dataType, value }] of Object.entries(attributes)) {
    out[name] = dataType === 'Binary' ? { DataType: dataType, BinaryValue: Buffer.from(value) } : { DataType: dataType, StringValue: String(value) };
  }
  return out;
}
