import { errors } from './errors.js';
import { DEFAULT_EFFECTIVE_DELIVERY_POLICY } from './delivery/policy.js';
import type { TopicRow } from './store.js';

/** The topic attributes users set, as the `attributes` column keeps them. */
export type StoredTopicAttributes = Record<string, string>;

const SETTABLE = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'TracingConfig',
  'KmsMasterKeyId',
  'SignatureVersion',
  'ContentBasedDeduplication',
  'FifoTopic',
  'ArchivePolicy',
  'FifoThroughputScope',
  'DataProtectionPolicy',
]);
const DELIVERY_STATUS = /^(HTTP|SQS|Lambda|Firehose|Application)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;

/** Checks one attribute of CreateTopic or SetTopicAttributes as SNS does; returns the value to keep. */
export function checkTopicAttribute(name: string, value: string, fifo: boolean, creating: boolean): string {
  if (!SETTABLE.has(name) && !DELIVERY_STATUS.test(name)) throw errors.invalidParameter('Invalid parameter: AttributeName');
  switch (name) {
    case 'FifoTopic':
      if (!creating) throw errors.invalidParameter('Invalid parameter: AttributeName');
      return value.toLowerCase();
    case 'ContentBasedDeduplication':
      if (!fifo) throw errors.invalidParameter('Invalid parameter: Attributes Reason: Content based deduplication can only be set for FIFO topics');
      if (!/^(true|false)$/i.test(value))
        throw errors.invalidParameter(`Invalid parameter: Attributes Reason: ContentBasedDeduplication: Invalid value [${value}]. Must be true or false.`);
      return value.toLowerCase();
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw errors.invalidParameter('Invalid parameter: Attributes Reason: SignatureVersion: value must be 1 or 2');
      return value;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active')
        throw errors.invalidParameter(`Invalid parameter: Attributes Reason: TracingConfig: Invalid value [${value}]. Must be PassThrough or Active.`);
      return value;
    case 'Policy':
    case 'DeliveryPolicy':
    case 'DataProtectionPolicy':
    case 'ArchivePolicy':
      if (value === '') return value;
      try {
        JSON.parse(value);
      } catch {
        throw errors.invalidParameter(`Invalid parameter: ${name}: failed to parse JSON.`);
      }
      return value;
    case 'DisplayName':
      if (value.length > 100) throw errors.invalidParameter('Invalid parameter: DisplayName');
      return value;
    default:
      return value;
  }
}

/** The document AWS gives every new topic: the owner account may do everything. */
export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/** The topic's delivery policy merged over AWS's default, as `EffectiveDeliveryPolicy` shows it. */
export function effectiveDeliveryPolicy(topic: TopicRow | undefined): string {
  const own = topic ? (JSON.parse(topic.attributes) as StoredTopicAttributes).DeliveryPolicy : undefined;
  if (!own) return JSON.stringify(DEFAULT_EFFECTIVE_DELIVERY_POLICY);
  const parsed = JSON.parse(own) as { http?: Record<string, unknown> };
  return JSON.stringify({ ...parsed, http: { ...DEFAULT_EFFECTIVE_DELIVERY_POLICY.http, ...(parsed.http ?? {}) } });
}

export function signatureVersionOf(topic: TopicRow): string {
  return (JSON.parse(topic.attributes) as StoredTopicAttributes).SignatureVersion ?? '1';
}

export function contentBasedDeduplication(topic: TopicRow): boolean {
  return (JSON.parse(topic.attributes) as StoredTopicAttributes).ContentBasedDeduplication === 'true';
}
