/** DynamoDB Streams' errors, with AWS's codes (rendered under DynamoDB's `com.amazonaws.dynamodb.v20120810#` namespace). */
import { AwsError } from '../../protocols/aws-error.js';

export const streamNotFound = (arn: string) => new AwsError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`, 400);
export const shardNotFound = (shardId: string) =>
  new AwsError('ResourceNotFoundException', `Requested resource not found: Shard does not exist: ${shardId}`, 400);
export const expiredIterator = () => new AwsError('ExpiredIteratorException', 'Shard iterator has expired', 400);
export const trimmedData = () => new AwsError('TrimmedDataAccessException', 'The data you are trying to access has been trimmed.', 400);
export const validation = (message: string) => new AwsError('ValidationException', message, 400);
export const invalidIterator = () => validation('Invalid ShardIterator');
