import { getDataProtectionPolicy, putDataProtectionPolicy } from './data-protection.js';
import { publish, publishBatch } from './publish.js';
import {
  confirmSubscription,
  getSubscriptionAttributes,
  listSubscriptions,
  listSubscriptionsByTopic,
  setSubscriptionAttributes,
  subscribe,
  unsubscribe,
} from './subscriptions.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes } from './topics.js';
import type { SnsOperation } from './types.js';

/** Every SNS action Tributary answers; others get `InvalidAction`. */
export const SNS_OPERATIONS = {
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  GetTopicAttributes: getTopicAttributes,
  SetTopicAttributes: setTopicAttributes,
  ListTopics: listTopics,
  Subscribe: subscribe,
  ConfirmSubscription: confirmSubscription,
  Unsubscribe: unsubscribe,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  SetSubscriptionAttributes: setSubscriptionAttributes,
  Publish: publish,
  PublishBatch: publishBatch,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  PutDataProtectionPolicy: putDataProtectionPolicy,
  GetDataProtectionPolicy: getDataProtectionPolicy,
} as const satisfies Record<string, SnsOperation>;

export type SnsOperationName = keyof typeof SNS_OPERATIONS;
