import type { DynamoDbItemChange, DynamoDbStreamsPort, DynamoDbStreamViewType, StreamReaderPort } from '../../src/contracts.js';
import type { TestTributary } from '../support/tributary.js';

export const ACCOUNT = '123456789012';

/** The DynamoDB Streams port of an in-process Tributary, as DynamoDB reaches it. */
export function streamsPort(t: TestTributary): DynamoDbStreamsPort & StreamReaderPort {
  return (t.tributary as unknown as { deps: { ports: { dynamodbStreams: DynamoDbStreamsPort & StreamReaderPort } } }).deps.ports.dynamodbStreams;
}

/** Enables a stream on a (pretend) table the way DynamoDB does. */
export function enableStream(
  t: TestTributary,
  tableName: string,
  viewType: DynamoDbStreamViewType = 'NEW_AND_OLD_IMAGES',
  hashKey = 'userId',
  region = 'us-east-1',
) {
  return streamsPort(t).enableStream(
    {
      accountId: ACCOUNT,
      region,
      tableName,
      tableArn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${tableName}`,
      keySchema: [{ AttributeName: hashKey, KeyType: 'HASH' }],
    },
    viewType,
  );
}

/** What DynamoDB appends for a put of a new item, an update and a delete. */
export const insert = (key: string, attrs: Record<string, unknown> = {}): DynamoDbItemChange => ({
  eventName: 'INSERT',
  keys: { userId: { S: key } },
  newImage: { userId: { S: key }, ...attrs } as DynamoDbItemChange['newImage'],
});
export const modify = (key: string, before: Record<string, unknown>, after: Record<string, unknown>): DynamoDbItemChange => ({
  eventName: 'MODIFY',
  keys: { userId: { S: key } },
  oldImage: { userId: { S: key }, ...before } as DynamoDbItemChange['oldImage'],
  newImage: { userId: { S: key }, ...after } as DynamoDbItemChange['newImage'],
});
export const remove = (key: string, before: Record<string, unknown> = {}, ttl = false): DynamoDbItemChange => ({
  eventName: 'REMOVE',
  keys: { userId: { S: key } },
  oldImage: { userId: { S: key }, ...before } as DynamoDbItemChange['oldImage'],
  ...(ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
});
