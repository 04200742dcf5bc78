/** A schedule as stored: the request's members, times in epoch milliseconds. */
export interface ScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId?: string };
  EventBridgeParameters?: { DetailType: string; Source: string };
  [other: string]: unknown;
}

export interface ScheduleSpec {
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  StartDate?: number;
  EndDate?: number;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  State: 'ENABLED' | 'DISABLED';
  Target: ScheduleTarget;
  ActionAfterCompletion: 'NONE' | 'DELETE';
  Description?: string;
  KmsKeyArn?: string;
}

export const scheduleArn = (scope: { accountId: string; region: string }, group: string, name: string) =>
  `arn:aws:scheduler:${scope.region}:${scope.accountId}:schedule/${group}/${name}`;
export const groupArn = (scope: { accountId: string; region: string }, name: string) =>
  `arn:aws:scheduler:${scope.region}:${scope.accountId}:schedule-group/${name}`;
