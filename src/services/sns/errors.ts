import { AwsError } from '../../protocols/aws-error.js';

/** SNS's errors, with its codes, statuses and words. */
export const errors = {
  invalidParameter: (message: string) => new AwsError('InvalidParameter', message, 400),
  invalidParameterValue: (message: string) => new AwsError('ParameterValueInvalid', message, 400),
  topicNotFound: () => new AwsError('NotFound', 'Topic does not exist', 404),
  subscriptionNotFound: () => new AwsError('NotFound', 'Subscription does not exist', 404),
  resourceNotFound: () => new AwsError('ResourceNotFound', 'Resource does not exist', 404),
  tagLimit: () => new AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', 400),
  tooManyEntries: () => new AwsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.', 400),
  emptyBatch: () => new AwsError('EmptyBatchRequest', "The batch request doesn't contain any entries.", 400),
  idsNotDistinct: () => new AwsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 400),
  batchTooLong: () => new AwsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.', 400),
  invalidBatchId: () => new AwsError('InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification.", 400),
  authorization: (message: string) => new AwsError('AuthorizationError', message, 403),
  validation: (message: string) => new AwsError('ValidationError', message, 400),
};
