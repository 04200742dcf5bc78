import { xmlElement } from '../../../protocols/query.js';
import { errors } from '../errors.js';
import { required } from '../query-input.js';
import { requireTopic } from '../topics.js';
import type { SnsOperation } from './types.js';

/** The document is kept and echoed; Tributary does not apply it to messages. */
export const putDataProtectionPolicy: SnsOperation = (env, params) => {
  const topic = requireTopic(env, required(params, 'ResourceArn'), 'ResourceArn');
  const policy = required(params, 'DataProtectionPolicy');
  try {
    JSON.parse(policy);
  } catch {
    throw errors.invalidParameter('Invalid parameter: DataProtectionPolicy');
  }
  env.tables.setTopicField(topic.arn, 'data_protection_policy', policy);
  return undefined;
};

export const getDataProtectionPolicy: SnsOperation = (env, params) => {
  const topic = requireTopic(env, required(params, 'ResourceArn'), 'ResourceArn');
  return xmlElement('DataProtectionPolicy', topic.data_protection_policy ?? undefined) || '';
};
