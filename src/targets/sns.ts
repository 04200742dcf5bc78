import { serviceAbsent, type TargetAttribute, type TargetKind } from './types.js';

/** `arn:aws:sns:<region>:<account>:<topic>`: the body is the `Message`. */
export const snsTarget: TargetKind = {
  description: 'SNS topic',
  exists: (arn, ports) => (ports.sns ? ports.sns.topicExists(arn) : undefined),
  async send(arn, message, ports) {
    if (!ports.sns) throw serviceAbsent('SNS');
    const sent = await ports.sns.publish(arn, typeof message.body === 'string' ? message.body : message.body.toString('utf8'), {
      subject: message.subject,
      messageAttributes: message.attributes ? snsAttributes(message.attributes) : undefined,
      traceHeader: message.traceHeader,
      messageGroupId: message.groupId,
      messageDeduplicationId: message.deduplicationId,
    });
    return { id: sent.messageId };
  },
};

/** SNS carries every attribute value as text; a binary value travels base64-encoded, as in the Publish API. */
function snsAttributes(attributes: Record<string, TargetAttribute>): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, { dataType, value }] of Object.entries(attributes)) {
    out[name] = {
      Type: dataType,
      Value: typeof value === 'string' ? (dataType === 'Binary' ? Buffer.from(value).toString('base64') : value) : value.toString('base64'),
    };
  }
  return out;
}
