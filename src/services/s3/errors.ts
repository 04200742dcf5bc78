import { AwsError } from '../../protocols/aws-error.js';

/** An S3 error that also sets response headers (a delete marker's `x-amz-delete-marker`). */
export class S3HeaderError extends AwsError {
  constructor(
    base: AwsError,
    readonly headers: Record<string, string>,
  ) {
    super(base.code, base.message, base.status, base.fields);
  }
}

/** S3's errors, with AWS's codes, statuses, messages and extra elements. */
export const S3Errors = {
  noSuchBucket: (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchVersion: (key: string, versionId: string) =>
    new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId }),
  bucketNotEmpty: (bucket: string) => new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket }),
  bucketAlreadyExists: (bucket: string) =>
    new AwsError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  accessDenied: () => new AwsError('AccessDenied', 'Access Denied', 403),
  invalidBucketName: (bucket: string) => new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  malformedXml: () => new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new AwsError('InvalidArgument', message, 400, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' }),
  invalidRequest: (message: string) => new AwsError('InvalidRequest', message, 400),
  entityTooSmall: (proposedSize: number, partNumber: number, etag: string) =>
    new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
      ProposedSize: proposedSize,
      MinSizeAllowed: 5 * 1024 * 1024,
      PartNumber: partNumber,
      ETag: etag,
    }),
  entityTooLarge: (proposedSize: number, max: number) =>
    new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: proposedSize, MaxSizeAllowed: max }),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    new AwsError(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
      { UploadId: uploadId, PartNumber: partNumber, ETag: etag },
    ),
  invalidPartOrder: (uploadId: string) =>
    new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId }),
  noSuchUpload: (uploadId: string) =>
    new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, {
      UploadId: uploadId,
    }),
  preconditionFailed: (condition: string) =>
    new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition }),
  invalidRange: (range: string, size: number) =>
    new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: size }),
  metadataTooLarge: (size: number) =>
    new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, { Size: size, MaxSizeAllowed: 2048 }),
  keyTooLong: (size: number) => new AwsError('KeyTooLongError', 'Your key is too long', 400, { Size: size, MaxSizeAllowed: 1024 }),
  badDigest: (expected: string, calculated: string) =>
    new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
      ExpectedDigest: expected,
      CalculatedDigest: calculated,
    }),
  invalidDigest: (value: string) => new AwsError('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400, { 'Content-MD5': value }),
  checksumMismatch: (algorithm: string) => new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400),
  malformedPostRequest: () => new AwsError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400),
  incompleteBody: () => new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400),
  missingContentLength: () => new AwsError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411),
  notImplemented: (header?: string) =>
    new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, header ? { Header: header } : {}),
  methodNotAllowed: (method: string, resourceType: string) =>
    new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType }),
  invalidObjectState: (storageClass: string, message = "The operation is not valid for the object's storage class") =>
    new AwsError('InvalidObjectState', message, 403, { StorageClass: storageClass }),
  restoreInProgress: () => new AwsError('RestoreAlreadyInProgress', 'Object restore is already in progress', 409),
  invalidStorageClass: (storageClass: string) =>
    new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', 400, { StorageClassRequested: storageClass }),
  noSuchTagSet: (bucket: string) => new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  illegalLocationConstraint: (message: string) => new AwsError('IllegalLocationConstraintException', message, 400),
  invalidLocationConstraint: (constraint: string) =>
    new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint }),
  invalidPartNumber: () => new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416),
  invalidTag: (message: string) => new AwsError('InvalidTag', message, 400),
};
