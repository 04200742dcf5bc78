/** The Lambda SQS event record (AWS: "Using Lambda with Amazon SQS"), built field for field from a received message. */
import type { SqsReceivedMessage } from '../../contracts.js';

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, SqsRecordAttribute>;
  /** Present only when the message has attributes (AWS omits the key otherwise). */
  md5OfMessageAttributes?: string;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsRecordAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

/** System attributes Lambda hands the function, in the order AWS lists them. */
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'AWSTraceHeader',
  'SentTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'SenderId',
  'MessageDeduplicationId',
  'ApproximateFirstReceiveTimestamp',
  'DeadLetterQueueSourceArn',
];

export function buildRecord(message: SqsReceivedMessage, queueArn: string): SqsRecord {
  const attributes: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTES) {
    const value = message.attributes[name];
    if (value !== undefined) attributes[name] = String(value);
  }
  const messageAttributes: Record<string, SqsRecordAttribute> = {};
  for (const [name, attr] of Object.entries(message.messageAttributes ?? {})) {
    const out: Partial<SqsRecordAttribute> = {};
    if (attr.StringValue !== undefined) out.stringValue = attr.StringValue;
    if (attr.BinaryValue !== undefined) out.binaryValue = Buffer.from(attr.BinaryValue).toString('base64');
    messageAttributes[name] = { ...out, stringListValues: [], binaryListValues: [], dataType: attr.DataType };
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes,
    messageAttributes,
    ...(message.md5OfMessageAttributes ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? '',
  };
}
