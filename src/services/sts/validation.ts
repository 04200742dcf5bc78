import { AwsError } from '../../protocols/aws-error.js';
import type { QueryParams } from '../../protocols/query.js';

/** STS's validation failures, in its query protocol's words. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

const constraint = (value: string | null, member: string, rule: string) =>
  validationError(`1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${rule}`);

/** A required string parameter within AWS's length bounds (and pattern, when it has one). */
export function requiredString(params: QueryParams, name: string, min: number, max: number, pattern?: RegExp): string {
  const member = name[0]!.toLowerCase() + name.slice(1);
  const value = params.get(name);
  if (value === undefined) throw constraint(null, member, 'Member must not be null');
  if (value.length < min) throw constraint(value, member, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw constraint(value, member, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value))
    throw constraint(value, member, `Member must satisfy regular expression pattern: ${pattern.source.replace(/^\^|\$$/g, '')}`);
  return value;
}

/** `DurationSeconds` within `min`–`max`, or `fallback` when absent. */
export function durationSeconds(params: QueryParams, min: number, max: number, fallback: number): number {
  const raw = params.get('DurationSeconds');
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationError(`Value '${raw}' for parameter DurationSeconds is invalid. Must be an integer.`);
  if (value < min) throw constraint(raw, 'durationSeconds', `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(raw, 'durationSeconds', `Member must have value less than or equal to ${max}`);
  return value;
}

/** The account of a role ARN (`arn:aws:iam::<account>:role/<path/>name`) and its name. */
export function parseRoleArn(roleArn: string): { account: string; roleName: string } {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw validationError('Request ARN is invalid');
  return { account: m[1]!, roleName: m[2]! };
}
