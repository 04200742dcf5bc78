import { type Shape, type StringShape, structure } from '../../protocols/constraints.js';

/** CloudWatch Logs' input shapes, as its model states them; checked before every operation runs. */
const groupName: StringShape = { type: 'string', length: { min: 1, max: 512 }, pattern: '[\\.\\-_/#A-Za-z0-9]+' };
const streamName: StringShape = { type: 'string', length: { min: 1, max: 512 }, pattern: '[^:*]*' };
const groupIdentifier: StringShape = { type: 'string', length: { min: 1, max: 2048 }, pattern: '[\\w#+=/:,.@-]*' };
const nextToken: StringShape = { type: 'string', length: { min: 1 } };
const time: Shape = { type: 'long', range: { min: 0 } };
const describeLimit: Shape = { type: 'integer', range: { min: 1, max: 50 } };
const eventsLimit: Shape = { type: 'integer', range: { min: 1, max: 10000 } };
const tags: Shape = {
  type: 'map',
  key: { type: 'string', length: { min: 1, max: 128 }, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$', matches: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$/u },
  value: { type: 'string', length: { max: 256 } },
  length: { min: 1, max: 50 },
};
const resourceArn: StringShape = { type: 'string', required: true, length: { min: 1, max: 1011 }, pattern: '[\\w+=/:,.@\\-*]*' };
const tagKeys: Shape = { type: 'list', member: { type: 'string', length: { min: 1, max: 128 } }, length: { min: 0, max: 50 } };

const required = <S extends Shape>(shape: S): S => ({ ...shape, required: true });

export const LOGS_SHAPES = {
  CreateLogGroup: structure({ logGroupName: required(groupName), kmsKeyId: { type: 'string', length: { max: 256 } }, tags }),
  CreateLogStream: structure({ logGroupName: required(groupName), logStreamName: required(streamName) }),
  DeleteLogGroup: structure({ logGroupName: required(groupName) }),
  DeleteLogStream: structure({ logGroupName: required(groupName), logStreamName: required(streamName) }),
  DeleteRetentionPolicy: structure({ logGroupName: required(groupName) }),
  DescribeLogGroups: structure({
    logGroupNamePrefix: groupName,
    logGroupNamePattern: { type: 'string', length: { min: 0, max: 512 }, pattern: '[\\.\\-_/#A-Za-z0-9]*' },
    nextToken,
    limit: describeLimit,
  }),
  DescribeLogStreams: structure({
    logGroupName: groupName,
    logGroupIdentifier: groupIdentifier,
    logStreamNamePrefix: streamName,
    orderBy: { type: 'string', enum: ['LogStreamName', 'LastEventTime'] },
    descending: { type: 'boolean' },
    nextToken,
    limit: describeLimit,
  }),
  FilterLogEvents: structure({
    logGroupName: groupName,
    logGroupIdentifier: groupIdentifier,
    logStreamNames: { type: 'list', member: streamName, length: { min: 1, max: 100 } },
    logStreamNamePrefix: streamName,
    startTime: time,
    endTime: time,
    filterPattern: { type: 'string', length: { min: 0, max: 1024 } },
    nextToken,
    limit: eventsLimit,
    interleaved: { type: 'boolean' },
  }),
  GetLogEvents: structure({
    logGroupName: groupName,
    logGroupIdentifier: groupIdentifier,
    logStreamName: required(streamName),
    startTime: time,
    endTime: time,
    nextToken,
    limit: eventsLimit,
    startFromHead: { type: 'boolean' },
  }),
  ListTagsForResource: structure({ resourceArn }),
  ListTagsLogGroup: structure({ logGroupName: required(groupName) }),
  PutLogEvents: structure({
    logGroupName: required(groupName),
    logStreamName: required(streamName),
    logEvents: {
      type: 'list',
      required: true,
      length: { min: 1, max: 10000 },
      member: structure({ timestamp: { type: 'long', required: true, range: { min: 0 } }, message: { type: 'string', required: true, length: { min: 1 } } }),
    },
    sequenceToken: nextToken,
  }),
  PutRetentionPolicy: structure({ logGroupName: required(groupName), retentionInDays: { type: 'integer', required: true } }),
  TagLogGroup: structure({ logGroupName: required(groupName), tags: required(tags) }),
  TagResource: structure({ resourceArn, tags: required(tags) }),
  UntagLogGroup: structure({ logGroupName: required(groupName), tags: required({ ...tagKeys, length: { min: 1, max: 50 } }) }),
  UntagResource: structure({ resourceArn, tagKeys: required(tagKeys) }),
};

export type LogsOperationName = keyof typeof LOGS_SHAPES;
