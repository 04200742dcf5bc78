/** Amazon DynamoDB Streams as an event source: its rules and its runner (the generic stream runner). */
import { constraint, validationMessage } from '../../protocols/constraints.js';
import { parseArn } from '../../targets/index.js';
import { invalidParameter } from '../errors.js';
import type { MappingSettings } from '../model.js';
import { unsupported } from '../settings/line.js';
import type { SourceKind } from '../source-kind.js';
import { lastProcessingResult, StreamMappingRunner } from '../streams/runner.js';
import { CheckpointStore } from '../streams/checkpoints.js';
import { dynamodbStreamKind } from './kind.js';

const STREAM_ARN = /^arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]+\/stream\/.+$/;
const DESTINATION_SERVICES = new Set(['sqs', 'sns', 's3']);

export const dynamodbSource: SourceKind = {
  name: 'dynamodb',

  recognizes: (arn) => STREAM_ARN.test(arn),

  checkExists(arn, deps) {
    if (!deps.ports.dynamodbStreams?.streamInfo(arn)) throw invalidParameter(`Stream not found: ${arn}`);
  },

  validate(settings: MappingSettings, _req, arn) {
    if (settings.startingPosition === undefined) {
      // Lambda ends this one message with a period.
      throw invalidParameter(`${validationMessage([{ at: 'startingPosition', value: null, constraint: constraint.notNull() }])}.`);
    }
    if (settings.startingPosition === 'AT_TIMESTAMP') throw invalidParameter(`Unsupported starting position for arn type: ${arn}`);
    const age = settings.maximumRecordAgeInSeconds;
    if (age !== undefined && age !== -1 && age < 60) {
      throw invalidParameter('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)');
    }
    const destinations = settings.destinationConfig;
    if (destinations?.OnSuccess?.Destination) throw invalidParameter(unsupported('DestinationConfig'));
    const onFailure = destinations?.OnFailure?.Destination;
    if (onFailure) {
      const service = parseArn(onFailure)?.service;
      if (!service || !DESTINATION_SERVICES.has(service)) throw invalidParameter(`Unsupported destination ARN type: ${onFailure}`);
    }
  },

  duplicateMessage: (arn, functionName, uuid) =>
    `The event source arn (" ${arn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${uuid}`,

  // A stream mapping without destinations still shows `"DestinationConfig": {"OnFailure": {}}`, as AWS's does.
  render: (m) => ({
    LastProcessingResult: lastProcessingResult(m),
    StateTransitionReason: 'User action',
    ...(m.destinationConfig ? {} : { DestinationConfig: { OnFailure: {} } }),
  }),

  startRunner: (m, ctx) => new StreamMappingRunner(m, ctx, dynamodbStreamKind),

  forget: (uuid, deps) => new CheckpointStore(deps.store).forget(uuid),
};
