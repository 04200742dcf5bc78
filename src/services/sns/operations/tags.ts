import { xmlElement } from '../../../protocols/query.js';
import type { SnsEnv } from '../context.js';
import { errors } from '../errors.js';
import { parseTopicArn } from '../names.js';
import { memberList, required, tagList } from '../query-input.js';
import type { TopicRow } from '../store.js';
import { checkTags } from '../tags.js';
import type { SnsOperation } from './types.js';

function resource(env: SnsEnv, arn: string): TopicRow {
  const topic = parseTopicArn(arn) ? env.tables.topic(arn) : undefined;
  if (!topic) throw errors.resourceNotFound();
  return topic;
}

export const tagResource: SnsOperation = (env, params) => {
  const topic = resource(env, required(params, 'ResourceArn'));
  const tags = tagList(params) ?? [];
  const current = JSON.parse(topic.tags) as Record<string, string>;
  checkTags(tags, current);
  for (const { Key, Value } of tags) current[Key] = Value;
  env.tables.setTopicField(topic.arn, 'tags', JSON.stringify(current));
  return '';
};

export const untagResource: SnsOperation = (env, params) => {
  const topic = resource(env, required(params, 'ResourceArn'));
  const current = JSON.parse(topic.tags) as Record<string, string>;
  for (const key of memberList(params, 'TagKeys') ?? []) delete current[key];
  env.tables.setTopicField(topic.arn, 'tags', JSON.stringify(current));
  return '';
};

export const listTagsForResource: SnsOperation = (env, params) => {
  const topic = resource(env, required(params, 'ResourceArn'));
  const tags = JSON.parse(topic.tags) as Record<string, string>;
  return `<Tags>${Object.entries(tags)
    .map(([k, v]) => `<member>${xmlElement('Key', k)}${xmlElement('Value', v)}</member>`)
    .join('')}</Tags>`;
};
