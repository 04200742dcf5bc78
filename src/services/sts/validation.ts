import { AwsError } from '../../protocols/aws-error.js';
import { type Shape, type StringShape, structure, type StructureShape, validate, validationMessage } from '../../protocols/constraints.js';
import type { QueryParams } from '../../protocols/query.js';

/** STS's validation failures, in its query protocol's words. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

const roleArn: StringShape = { type: 'string', required: true, length: { min: 20, max: 2048 } };
const sessionName: StringShape = { type: 'string', length: { min: 2, max: 64 }, pattern: '[\\w+=,.@-]*' };
const duration = (max: number): Shape => ({ type: 'integer', range: { min: 900, max }, fromText: true });

/** STS's input shapes, as its model states them; query parameters arrive as text. */
export const STS_SHAPES = {
  AssumeRole: structure({
    RoleArn: roleArn,
    RoleSessionName: { ...sessionName, required: true },
    DurationSeconds: duration(43200),
    SourceIdentity: sessionName,
  }),
  AssumeRoleWithWebIdentity: structure({
    RoleArn: roleArn,
    RoleSessionName: { ...sessionName, required: true },
    WebIdentityToken: { type: 'string', required: true, length: { min: 4, max: 20000 }, sensitive: true },
    ProviderId: { type: 'string', length: { min: 4, max: 2048 } },
    DurationSeconds: duration(43200),
  }),
  GetAccessKeyInfo: structure({ AccessKeyId: { type: 'string', required: true, length: { min: 16, max: 128 }, pattern: '[\\w]*' } }),
  GetCallerIdentity: structure({}),
  GetSessionToken: structure({ DurationSeconds: duration(129600) }),
};

export type StsOperationName = keyof typeof STS_SHAPES;

export function checkParams(shape: StructureShape, params: QueryParams): void {
  const violations = validate(shape, Object.fromEntries(params));
  if (violations.length > 0) throw validationError(validationMessage(violations));
}

/** `DurationSeconds` (already checked against its range), or `fallback` when absent. */
export function durationSeconds(params: QueryParams, fallback: number): number {
  const raw = params.get('DurationSeconds');
  return raw === undefined ? fallback : Number(raw);
}

/** The account of a role ARN (`arn:aws:iam::<account>:role/<path/>name`) and its name. */
export function parseRoleArn(roleArn: string): { account: string; roleName: string } {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw validationError('Request ARN is invalid');
  return { account: m[1]!, roleName: m[2]! };
}
