import { randomUUID } from 'node:crypto';
import { errors } from './errors.js';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

export interface TopicArnParts {
  region: string;
  accountId: string;
  name: string;
}

export function parseTopicArn(arn: string | undefined): TopicArnParts | undefined {
  const m = arn === undefined ? null : TOPIC_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function topicArnOf(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

/** AWS's rule for names, worded as its CreateTopic says it. */
export function checkTopicName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!/^[A-Za-z0-9_-]{1,251}\.fifo$/.test(name)) {
      throw errors.invalidParameter(
        'Invalid parameter: Topic Name Reason: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
      );
    }
    return;
  }
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
    throw errors.invalidParameter(
      'Invalid parameter: Topic Name Reason: Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
    );
  }
}

/** `arn:aws:sns:<region>:<account>:<topic>:<uuid>`, as AWS forms subscription ARNs. */
export function newSubscriptionArn(topicArn: string): string {
  return `${topicArn}:${randomUUID()}`;
}

export function topicArnOfSubscription(subscriptionArn: string): string {
  return subscriptionArn.slice(0, subscriptionArn.lastIndexOf(':'));
}
