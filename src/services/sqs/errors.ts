import { AwsError } from '../../protocols/aws-error.js';

/**
 * SQS errors. The JSON protocol names them by their model shape (`__type`); the query protocol, and
 * the `x-amzn-query-error` header of JSON responses, by their legacy query code. SDKs surface either.
 */
const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
  InvalidParameterValueException: 'InvalidParameterValue',
  MissingRequiredParameterException: 'MissingParameter',
  UnknownOperationException: 'InvalidAction',
  SerializationException: 'MalformedQueryString',
};

/** The query protocol code of an error (`AWS.SimpleQueueService.NonExistentQueue`). */
export function queryCode(err: AwsError): string {
  return QUERY_CODES[err.code] ?? err.code;
}

// HTTP statuses other than 400, as the SQS model's awsQueryError traits give them.
const STATUS: Record<string, number> = {
  PurgeQueueInProgress: 403,
  OverLimit: 403,
  RequestThrottled: 403,
  InvalidSecurity: 403,
  InvalidAddress: 404,
  ReceiptHandleIsInvalid: 404,
  ResourceNotFoundException: 404,
};

function sqsError(code: string, message: string): AwsError {
  return new AwsError(code, message, STATUS[code] ?? 400);
}

export const errors = {
  accessDenied: () => new AwsError('AccessDenied', 'Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.', 403),
  queueDoesNotExist: (query = false) =>
    sqsError('QueueDoesNotExist', query ? 'The specified queue does not exist for this wsdl version.' : 'The specified queue does not exist.'),
  invalidParameterValue: (message: string) => sqsError('InvalidParameterValueException', message),
  invalidValue: (parameter: string, value: unknown, reason: string) =>
    sqsError('InvalidParameterValueException', `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`),
  missingParameter: (name: string) => sqsError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`),
  invalidAttributeName: (name: string) => sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string) => sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`),
  queueNameExists: (attribute: string) =>
    sqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`),
  invalidMessageContents: () =>
    sqsError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    ),
  receiptHandleIsInvalid: (handle: string) => sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  receiptHandleExpired: (handle: string) =>
    sqsError('InvalidParameterValueException', `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`),
  messageNotInflight: () => sqsError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.'),
  emptyBatch: (entryShape: string) => sqsError('EmptyBatchRequest', `There should be at least one ${entryShape} in the request.`),
  tooManyEntries: (count: number) => sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`),
  idsNotDistinct: (id: string) => sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    sqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'),
  batchTooLong: (limit: number, size: number) =>
    sqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`),
  queueDeletedRecently: () =>
    sqsError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.'),
  purgeInProgress: (name: string) => sqsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`),
  tooManyTags: (queueName: string) => sqsError('InvalidParameterValueException', `Too many tags added for queue ${queueName}.`),
  resourceNotFound: (message: string) => sqsError('ResourceNotFoundException', message),
  unsupportedOperation: (message: string) => sqsError('UnsupportedOperation', message),
};
