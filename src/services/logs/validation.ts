import { AwsError } from '../../protocols/aws-error.js';
import { constraint, type StructureShape, validate, validationMessage } from '../../protocols/constraints.js';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

export const groupNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
export const streamNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);

/** Checks an operation's input against its shape; CloudWatch Logs reports violations as InvalidParameterException. */
export function checkInput(shape: StructureShape, input: unknown): void {
  const violations = validate(shape, input);
  if (violations.length > 0) throw invalidParameter(validationMessage(violations));
}

/** `logGroupName`, or the name inside `logGroupIdentifier` (a name or a log group ARN). */
export function groupNameOrIdentifier(input: Record<string, unknown>): string {
  const identifier = input.logGroupIdentifier;
  if (input.logGroupName !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (typeof identifier === 'string') {
    return /^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(:\*)?$/.exec(identifier)?.[1] ?? identifier;
  }
  if (typeof input.logGroupName !== 'string') throw invalidParameter('Should provide either logGroupName or logGroupIdentifier.');
  return input.logGroupName;
}

/** Retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function checkRetention(days: number): void {
  if (RETENTION_DAYS.includes(days)) return;
  throw invalidParameter(validationMessage([{ at: 'retentionInDays', value: days, constraint: constraint.enum(RETENTION_DAYS.map(String)) }]));
}

export const text = (input: Record<string, unknown>, member: string): string | undefined => input[member] as string | undefined;
export const integer = (input: Record<string, unknown>, member: string): number | undefined => input[member] as number | undefined;
export const flag = (input: Record<string, unknown>, member: string): boolean | undefined => input[member] as boolean | undefined;
