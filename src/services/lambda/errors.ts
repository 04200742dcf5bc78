import { AwsError } from '../../protocols/aws-error.js';

/**
 * The errors whose model member is the capitalised `Message` (botocore's lambda service-2.json);
 * every other Lambda error names it `message`. AWS sends the member its model names.
 */
const CAPITALISED_MESSAGE = new Set([
  'ResourceNotFoundException',
  'CodeSigningConfigNotFoundException',
  'CodeVerificationFailedException',
  'InvalidCodeSignatureException',
  'ResourceInUseException',
  'ServiceException',
  'NoPublishedVersionException',
  'RecursiveInvocationException',
  'SnapStartException',
  'SnapStartNotReadyException',
  'SnapStartTimeoutException',
  'InvalidRuntimeException',
  'InvalidZipFileException',
  'EC2AccessDeniedException',
  'EC2ThrottledException',
  'EC2UnexpectedException',
  'ENILimitReachedException',
  'InvalidSecurityGroupIDException',
  'InvalidSubnetIDException',
  'SubnetIPAddressLimitReachedException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'EFSIOException',
  'EFSMountConnectivityException',
  'EFSMountFailureException',
  'EFSMountTimeoutException',
]);

/**
 * Lambda's error body: `{"Type": "User", "message": ...}`, or `{"Type": "User", "Message": ...}` for
 * the errors modeled with `Message` (which also carry the lower-case `message` other clients read),
 * plus any extra members (e.g. `Reason`). A few answers carry no `Type` (`withoutType`).
 */
export function lambdaErrorBody(err: AwsError): Record<string, unknown> {
  const { [WITHOUT_TYPE]: withoutType, ...fields } = err.fields;
  const type = withoutType ? {} : { Type: err.status >= 500 ? 'Service' : 'User' };
  if (CAPITALISED_MESSAGE.has(err.code)) return { ...type, Message: err.message, message: err.message, ...fields };
  return { ...type, message: err.message, ...fields };
}

const WITHOUT_TYPE = 'withoutType';

/** An error AWS answers without the `Type` member (some code signing and alias answers). */
export function withoutType(err: AwsError): AwsError {
  return new AwsError(err.code, err.message, err.status, { ...err.fields, [WITHOUT_TYPE]: true }, err.fault);
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
