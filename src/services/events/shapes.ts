import { type Shape, type StringShape, structure } from '../../protocols/constraints.js';

/** EventBridge's input shapes, as its model states them; checked before every operation runs. */
const ruleName: StringShape = { type: 'string', length: { min: 1, max: 64 }, pattern: '[\\.\\-_A-Za-z0-9]+' };
const busName: StringShape = { type: 'string', length: { min: 1, max: 256 }, pattern: '[/\\.\\-_A-Za-z0-9]+' };
const busNameOrArn: StringShape = {
  type: 'string',
  length: { min: 1, max: 1600 },
  pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
};
const archiveName: StringShape = { type: 'string', length: { min: 1, max: 48 }, pattern: '[\\.\\-_A-Za-z0-9]+' };
const replayName = archiveName;
const targetId: StringShape = { type: 'string', length: { min: 1, max: 64 }, pattern: '[\\.\\-_A-Za-z0-9]+' };
const arn: StringShape = { type: 'string', length: { min: 1, max: 1600 } };
const nextToken: StringShape = { type: 'string', length: { min: 1, max: 2048 } };
const limit: Shape = { type: 'integer', range: { min: 1, max: 100 } };
const tags: Shape = {
  type: 'list',
  member: structure({
    Key: { type: 'string', required: true, length: { min: 1, max: 128 } },
    Value: { type: 'string', required: true, length: { min: 0, max: 256 } },
  }),
};
const state: StringShape = { type: 'string', enum: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] };
const required = <S extends Shape>(shape: S): S => ({ ...shape, required: true });

const target = structure({
  Id: required(targetId),
  Arn: required(arn),
  RoleArn: { type: 'string', length: { min: 1, max: 1600 } },
  Input: { type: 'string', length: { max: 8192 } },
  InputPath: { type: 'string', length: { max: 256 } },
  InputTransformer: structure({
    InputPathsMap: {
      type: 'map',
      key: { type: 'string', length: { min: 1, max: 256 }, pattern: '[A-Za-z0-9\\_\\-]+' },
      value: { type: 'string', length: { max: 256 } },
      length: { max: 100 },
    },
    InputTemplate: { type: 'string', required: true, length: { min: 1, max: 8192 } },
  }),
  RetryPolicy: structure({
    MaximumRetryAttempts: { type: 'integer', range: { min: 0, max: 185 } },
    MaximumEventAgeInSeconds: { type: 'integer', range: { min: 60, max: 86400 } },
  }),
  DeadLetterConfig: structure({ Arn: { type: 'string', length: { min: 1, max: 1600 } } }),
  SqsParameters: structure({ MessageGroupId: { type: 'string' } }),
});

export const EVENTS_SHAPES = {
  CreateEventBus: structure({
    Name: required(busName),
    EventSourceName: { type: 'string' },
    Description: { type: 'string', length: { max: 512 } },
    Tags: tags,
  }),
  DescribeEventBus: structure({ Name: busNameOrArn }),
  DeleteEventBus: structure({ Name: required(busName) }),
  ListEventBuses: structure({ NamePrefix: { type: 'string', length: { min: 1, max: 256 } }, NextToken: nextToken, Limit: limit }),
  PutPermission: structure({
    EventBusName: busName,
    Action: { type: 'string', length: { min: 1, max: 64 } },
    Principal: { type: 'string', length: { min: 1, max: 12 } },
    StatementId: { type: 'string', length: { min: 1, max: 64 } },
    Policy: { type: 'string' },
  }),
  RemovePermission: structure({
    StatementId: { type: 'string', length: { min: 1, max: 64 } },
    RemoveAllPermissions: { type: 'boolean' },
    EventBusName: busName,
  }),
  PutEvents: structure({
    Entries: required({
      type: 'list',
      length: { min: 1, max: 10 },
      member: structure({
        Source: { type: 'string' },
        DetailType: { type: 'string' },
        Detail: { type: 'string' },
        Resources: { type: 'list', member: { type: 'string', length: { max: 2048 } } },
        EventBusName: { type: 'string', length: { min: 1, max: 1600 } },
        TraceHeader: { type: 'string', length: { min: 1, max: 500 } },
      }),
    }),
    EndpointId: { type: 'string' },
  }),
  PutRule: structure({
    Name: required(ruleName),
    ScheduleExpression: { type: 'string', length: { max: 256 } },
    EventPattern: { type: 'string', length: { max: 4096 } },
    State: state,
    Description: { type: 'string', length: { max: 512 } },
    RoleArn: { type: 'string', length: { min: 1, max: 1600 } },
    Tags: tags,
    EventBusName: busNameOrArn,
  }),
  DescribeRule: structure({ Name: required(ruleName), EventBusName: busNameOrArn }),
  DeleteRule: structure({ Name: required(ruleName), EventBusName: busNameOrArn, Force: { type: 'boolean' } }),
  EnableRule: structure({ Name: required(ruleName), EventBusName: busNameOrArn }),
  DisableRule: structure({ Name: required(ruleName), EventBusName: busNameOrArn }),
  ListRules: structure({ NamePrefix: ruleName, EventBusName: busNameOrArn, NextToken: nextToken, Limit: limit }),
  ListRuleNamesByTarget: structure({ TargetArn: required(arn), EventBusName: busNameOrArn, NextToken: nextToken, Limit: limit }),
  PutTargets: structure({
    Rule: required(ruleName),
    EventBusName: busNameOrArn,
    Targets: required({ type: 'list', member: target, length: { min: 1, max: 100 } }),
  }),
  RemoveTargets: structure({
    Rule: required(ruleName),
    EventBusName: busNameOrArn,
    Ids: required({ type: 'list', member: targetId, length: { min: 1, max: 100 } }),
    Force: { type: 'boolean' },
  }),
  ListTargetsByRule: structure({ Rule: required(ruleName), EventBusName: busNameOrArn, NextToken: nextToken, Limit: limit }),
  TestEventPattern: structure({ EventPattern: required({ type: 'string', length: { max: 4096 } }), Event: required({ type: 'string' }) }),
  CreateArchive: structure({
    ArchiveName: required(archiveName),
    EventSourceArn: required(arn),
    Description: { type: 'string', length: { max: 512 } },
    EventPattern: { type: 'string', length: { max: 4096 } },
    RetentionDays: { type: 'integer', range: { min: 0 } },
  }),
  DescribeArchive: structure({ ArchiveName: required(archiveName) }),
  UpdateArchive: structure({
    ArchiveName: required(archiveName),
    Description: { type: 'string', length: { max: 512 } },
    EventPattern: { type: 'string', length: { max: 4096 } },
    RetentionDays: { type: 'integer', range: { min: 0 } },
  }),
  DeleteArchive: structure({ ArchiveName: required(archiveName) }),
  ListArchives: structure({ NamePrefix: archiveName, EventSourceArn: arn, State: { type: 'string' }, NextToken: nextToken, Limit: limit }),
  StartReplay: structure({
    ReplayName: required(replayName),
    Description: { type: 'string', length: { max: 512 } },
    EventSourceArn: required(arn),
    Destination: required(structure({ Arn: required(arn), FilterArns: { type: 'list', member: arn } })),
  }),
  DescribeReplay: structure({ ReplayName: required(replayName) }),
  CancelReplay: structure({ ReplayName: required(replayName) }),
  ListReplays: structure({ NamePrefix: replayName, State: { type: 'string' }, EventSourceArn: arn, NextToken: nextToken, Limit: limit }),
  TagResource: structure({ ResourceARN: required(arn), Tags: required(tags) }),
  UntagResource: structure({ ResourceARN: required(arn), TagKeys: required({ type: 'list', member: { type: 'string' } }) }),
  ListTagsForResource: structure({ ResourceARN: required(arn) }),
} as const;

export type EventsOperationName = keyof typeof EVENTS_SHAPES;
