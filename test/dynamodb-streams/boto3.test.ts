import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPython } from '../support/aws-cli.js';
import { startTributary, type TestTributary } from '../support/tributary.js';

/** A table with a stream through boto3, then the stream read back through boto3's dynamodbstreams client. */
const BOTO3 = `
import json, sys
import boto3
url = sys.argv[1]
ddb = boto3.client('dynamodb', endpoint_url=url, region_name='us-east-1')
streams = boto3.client('dynamodbstreams', endpoint_url=url, region_name='us-east-1')
ddb.create_table(TableName='Users', KeySchema=[{'AttributeName': 'userId', 'KeyType': 'HASH'}],
    AttributeDefinitions=[{'AttributeName': 'userId', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST',
    StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
ddb.get_waiter('table_exists').wait(TableName='Users')
arn = ddb.describe_table(TableName='Users')['Table']['LatestStreamArn']
ddb.put_item(TableName='Users', Item={'userId': {'S': 'user-123'}, 'status': {'S': 'pending'}})
ddb.update_item(TableName='Users', Key={'userId': {'S': 'user-123'}}, UpdateExpression='SET #s = :c',
    ExpressionAttributeNames={'#s': 'status'}, ExpressionAttributeValues={':c': {'S': 'confirmed'}})
ddb.delete_item(TableName='Users', Key={'userId': {'S': 'user-123'}})
listed = streams.list_streams(TableName='Users')['Streams']
shard = streams.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
records = streams.get_records(ShardIterator=it)['Records']
print(json.dumps({
  'listed': [s['StreamArn'] for s in listed] == [arn],
  'events': [r['eventName'] for r in records],
  'modify': {k: records[1]['dynamodb'][k] for k in ('Keys', 'OldImage', 'NewImage')},
  'created': type(records[0]['dynamodb']['ApproximateCreationDateTime']).__name__,
}))
`;

describe('DynamoDB Streams through boto3', () => {
  let t: TestTributary;
  before(async () => {
    t = await startTributary();
  });
  after(async () => t.stop());

  test('boto3 reads the INSERT, MODIFY and REMOVE records of user-123', async () => {
    const out = await runPython(BOTO3, [t.url]);
    assert.equal(out.listed, true);
    assert.deepEqual(out.events, ['INSERT', 'MODIFY', 'REMOVE']);
    assert.deepEqual(out.modify, {
      Keys: { userId: { S: 'user-123' } },
      OldImage: { userId: { S: 'user-123' }, status: { S: 'pending' } },
      NewImage: { userId: { S: 'user-123' }, status: { S: 'confirmed' } },
    });
    assert.equal(out.created, 'datetime');
  });
});
