import { type Shape, type StringShape, structure } from '../../protocols/constraints.js';

/** EventBridge Scheduler's input shapes, as its model states them. */
const name: StringShape = { type: 'string', length: { min: 1, max: 64 }, pattern: '^[0-9a-zA-Z-_.]+$' };
const clientToken: StringShape = { type: 'string', length: { min: 1, max: 64 }, pattern: '^[a-zA-Z0-9-_]+$' };
const tags: Shape = {
  type: 'list',
  length: { min: 0, max: 200 },
  member: structure({
    Key: { type: 'string', required: true, length: { min: 1, max: 128 } },
    Value: { type: 'string', required: true, length: { min: 1, max: 256 } },
  }),
};
const required = <S extends Shape>(shape: S): S => ({ ...shape, required: true });

const target = structure(
  {
    Arn: required({ type: 'string', length: { min: 1, max: 1600 } }),
    RoleArn: required({ type: 'string', length: { min: 1, max: 1600 }, pattern: '^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$' }),
    Input: { type: 'string', length: { min: 1 } },
    RetryPolicy: structure({
      MaximumRetryAttempts: { type: 'integer', range: { min: 0, max: 185 } },
      MaximumEventAgeInSeconds: { type: 'integer', range: { min: 60, max: 86400 } },
    }),
    DeadLetterConfig: structure({
      Arn: { type: 'string', length: { min: 1, max: 1600 }, pattern: '^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$' },
    }),
    SqsParameters: structure({ MessageGroupId: { type: 'string', length: { min: 1, max: 128 } } }),
    EventBridgeParameters: structure({
      DetailType: required({ type: 'string', length: { min: 1, max: 128 } }),
      Source: required({
        type: 'string',
        length: { min: 1, max: 256 },
        pattern: '^(?=[/\\.\\-_A-Za-z0-9]+)((?!aws\\.).*)|(\\$(\\.[\\w_-]+(\\[(\\d+|\\*)\\])*)*)$',
      }),
    }),
  },
  { required: true },
);

const schedule = {
  Name: required(name),
  GroupName: name,
  ScheduleExpression: required({ type: 'string', length: { min: 1, max: 256 } }),
  ScheduleExpressionTimezone: { type: 'string', length: { min: 1, max: 50 } },
  Description: { type: 'string', length: { min: 0, max: 512 } },
  FlexibleTimeWindow: structure(
    { Mode: required({ type: 'string', enum: ['OFF', 'FLEXIBLE'] }), MaximumWindowInMinutes: { type: 'integer', range: { min: 1, max: 1440 } } },
    { required: true },
  ),
  State: { type: 'string', enum: ['ENABLED', 'DISABLED'] },
  ActionAfterCompletion: { type: 'string', enum: ['NONE', 'DELETE'] },
  KmsKeyArn: { type: 'string', length: { min: 1, max: 2048 } },
  ClientToken: clientToken,
  Target: target,
} satisfies Record<string, Shape>;

export const SCHEDULER_SHAPES = {
  CreateSchedule: structure(schedule),
  UpdateSchedule: structure(schedule),
  CreateScheduleGroup: structure({ Name: required(name), ClientToken: clientToken, Tags: tags }),
  TagResource: structure({ Tags: required(tags) }),
};
