import { AwsError } from '../../protocols/aws-error.js';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

export const groupNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
export const streamNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);

const constraint = (value: unknown, member: string, rule: string) =>
  invalidParameter(
    `1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${rule}`,
  );

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const STREAM_NAME = /^[^:*]*$/;

function name(input: Record<string, unknown>, member: string, pattern: RegExp, patternText: string, required: boolean): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    if (required) throw constraint(undefined, member, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw invalidParameter(`Invalid type for ${member}: expected a string`);
  if (value.length < 1) throw constraint(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > 512) throw constraint(value, member, 'Member must have length less than or equal to 512');
  if (!pattern.test(value)) throw constraint(value, member, `Member must satisfy regular expression pattern: ${patternText}`);
  return value;
}

export function groupName(input: Record<string, unknown>, member = 'logGroupName'): string {
  return name(input, member, GROUP_NAME, '[\\.\\-_/#A-Za-z0-9]+', true)!;
}

export function optionalGroupNamePrefix(input: Record<string, unknown>): string | undefined {
  return name(input, 'logGroupNamePrefix', GROUP_NAME, '[\\.\\-_/#A-Za-z0-9]+', false);
}

export function streamName(input: Record<string, unknown>, member = 'logStreamName'): string {
  return name(input, member, STREAM_NAME, '[^:*]*', true)!;
}

export function optionalStreamNamePrefix(input: Record<string, unknown>): string | undefined {
  return name(input, 'logStreamNamePrefix', STREAM_NAME, '[^:*]*', false);
}

/** `logGroupName`, or the name inside `logGroupIdentifier` (a name or a log group ARN). */
export function groupNameOrIdentifier(input: Record<string, unknown>): string {
  const identifier = input.logGroupIdentifier;
  if (input.logGroupName !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (typeof identifier === 'string') {
    const fromArn = /^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(:\*)?$/.exec(identifier)?.[1];
    return fromArn ?? groupName({ logGroupIdentifier: identifier }, 'logGroupIdentifier');
  }
  if (input.logGroupName === undefined) throw invalidParameter('Should provide either logGroupName or logGroupIdentifier.');
  return groupName(input);
}

export function optionalInteger(input: Record<string, unknown>, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidParameter(`Invalid type for ${member}: expected an integer`);
  if (value < min) throw constraint(value, member, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(value, member, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalTimestamp(input: Record<string, unknown>, member: string): number | undefined {
  return optionalInteger(input, member, 0, Number.MAX_SAFE_INTEGER);
}

export function optionalBoolean(input: Record<string, unknown>, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`Invalid type for ${member}: expected a boolean`);
  return value;
}

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`Invalid type for ${member}: expected a string`);
  return value;
}

/** Retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** A `tags` map: string keys (1–128) to string values (0–256). */
export function tagMap(value: unknown, member = 'tags'): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`Invalid type for ${member}: expected a map`);
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalidParameter(`Invalid type for ${member}.${key}: expected a string`);
    if (key.length < 1 || key.length > 128)
      throw constraint(
        key,
        `${member}`,
        'Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]',
      );
    if (v.length > 256) throw constraint(v, `${member}`, 'Map value must satisfy constraint: [Member must have length less than or equal to 256]');
    tags[key] = v;
  }
  return tags;
}
