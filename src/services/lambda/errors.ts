import { AwsError } from '../../protocols/aws-error.js';

/** Lambda's error body: `{"Type": "User", "message": ...}` plus any extra members (e.g. `Reason`). */
export function lambdaErrorBody(err: AwsError): Record<string, unknown> {
  return { Type: err.status >= 500 ? 'Service' : 'User', message: err.message, ...err.fields };
}

export const notFound = (message: string) => new AwsError('ResourceNotFoundException', message, 404);

export const functionNotFound = (arn: string) => notFound(`Function not found: ${arn}`);

export const invalidParameter = (message: string) => new AwsError('InvalidParameterValueException', message, 400);

export const conflict = (message: string) => new AwsError('ResourceConflictException', message, 409);

export const updateInProgress = (arn: string) => conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${arn}`);

export const preconditionFailed = () =>
  new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412,
  );

export const tooLarge = (limit: number, operation: string) =>
  new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the ${operation} operation`, 413);

/**
 * A ValidationException from hand-worded violations. Lambda's own operations declare their input
 * as constraint shapes (src/protocols/constraints.ts) instead; this remains for callers outside
 * this folder that have not moved onto the engine yet.
 */
export function validationError(violations: readonly string[]): AwsError {
  const n = violations.length;
  return new AwsError('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`, 400);
}
