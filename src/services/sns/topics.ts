import type { SnsEnv } from './context.js';
import { errors } from './errors.js';
import { parseTopicArn } from './names.js';
import type { TopicRow } from './store.js';

/** The topic an ARN names, in the caller's region; SNS's errors otherwise. */
export function requireTopic(env: SnsEnv, arn: string | undefined, name = 'TopicArn'): TopicRow {
  if (arn === undefined || !parseTopicArn(arn)) throw errors.invalidParameter(`Invalid parameter: ${name}`);
  const topic = env.tables.topic(arn);
  if (!topic) throw errors.topicNotFound();
  return topic;
}
