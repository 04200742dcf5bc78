import { randomUUID } from 'node:crypto';
import { isAwsError } from '../../../protocols/aws-error.js';
import { type QueryParams, xmlElement } from '../../../protocols/query.js';
import { errors } from '../errors.js';
import { parseTopicArn } from '../names.js';
import { checkFifoIds, checkMessage, MAX_MESSAGE_BYTES, type PublishInput, publishToTopic } from '../publishing.js';
import { batchEntries, messageAttributes, required } from '../query-input.js';
import { requireTopic } from '../topics.js';
import type { SnsOperation } from './types.js';

const MAX_BATCH = 10;

function publishInput(params: QueryParams): PublishInput {
  const input: PublishInput = {};
  for (const name of ['Message', 'Subject', 'MessageStructure', 'MessageGroupId', 'MessageDeduplicationId'] as const) {
    const value = params.get(name);
    if (value !== undefined) input[name] = value;
  }
  const attributes = messageAttributes(params);
  if (attributes) input.MessageAttributes = attributes;
  return input;
}

export const publish: SnsOperation = (env, params, call) => {
  const topicArn = params.get('TopicArn');
  const targetArn = params.get('TargetArn');
  const phoneNumber = params.get('PhoneNumber');
  const given = [topicArn, targetArn, phoneNumber].filter((v) => v !== undefined).length;
  if (given === 0) throw errors.invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  if (given > 1) throw errors.invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given');
  const input = publishInput(params);
  const checked = checkMessage(input);
  if (phoneNumber !== undefined) {
    const number = phoneNumber.replace(/[-. ()]/g, '');
    if (!/^\+[1-9]\d{1,14}$/.test(number)) throw errors.invalidParameter('Invalid parameter: PhoneNumber Reason: input incorrectly formatted');
    const messageId = randomUUID();
    env.tables.record({
      account_id: call.accountId,
      region: call.region,
      protocol: 'sms',
      endpoint: number,
      topic_arn: null,
      subscription_arn: null,
      message_id: messageId,
      type: 'Notification',
      subject: checked.subject ?? null,
      message: checked.perProtocol?.sms ?? checked.message,
      body: checked.perProtocol?.sms ?? checked.message,
      created_at: env.deps.clock.now(),
    });
    return xmlElement('MessageId', messageId);
  }
  const arn = (topicArn ?? targetArn)!;
  if (targetArn !== undefined && !parseTopicArn(targetArn)) {
    throw errors.invalidParameter('Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified');
  }
  const topic = requireTopic(env, arn, topicArn !== undefined ? 'TopicArn' : 'TargetArn');
  checkFifoIds(topic, input);
  const published = publishToTopic(env, call, topic, checked, input);
  return xmlElement('MessageId', published.messageId) + xmlElement('SequenceNumber', published.sequenceNumber);
};

export const publishBatch: SnsOperation = (env, params, call) => {
  const topic = requireTopic(env, required(params, 'TopicArn'));
  const entries = batchEntries(params);
  if (entries.length === 0) throw errors.emptyBatch();
  if (entries.length > MAX_BATCH) throw errors.tooManyEntries();
  const ids = entries.map((e) => e.get('Id') ?? '');
  if (ids.some((id) => !/^[\w-]{1,80}$/.test(id))) throw errors.invalidBatchId();
  if (new Set(ids).size !== ids.length) throw errors.idsNotDistinct();
  const total = entries.reduce((sum, e) => sum + Buffer.byteLength(e.get('Message') ?? ''), 0);
  if (total > MAX_MESSAGE_BYTES) throw errors.batchTooLong();
  let successful = '';
  let failed = '';
  for (const [i, entry] of entries.entries()) {
    try {
      const input = publishInput(entry);
      const checked = checkMessage(input);
      checkFifoIds(topic, input);
      const published = publishToTopic(env, call, topic, checked, input);
      successful += `<member>${xmlElement('Id', ids[i])}${xmlElement('MessageId', published.messageId)}${xmlElement('SequenceNumber', published.sequenceNumber)}</member>`;
    } catch (err) {
      if (!isAwsError(err)) throw err;
      failed += `<member>${xmlElement('Id', ids[i])}${xmlElement('Code', err.code)}${xmlElement('Message', err.message)}${xmlElement('SenderFault', err.fault === 'Sender')}</member>`;
    }
  }
  return `<Successful>${successful}</Successful><Failed>${failed}</Failed>`;
};
