import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { tempDir } from '../support/functions.js';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { createStreamFunction, createStreamMapping, createStreamTable, invocations } from './helpers.js';

describe('DynamoDB → Streams → Lambda, end to end through the SDKs', () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let ddb: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  const dir = tempDir('esm-streams-e2e-');

  before(async () => {
    t = await startTributary();
    lambda = new LambdaClient(clientConfig(t.url));
    ddb = new DynamoDBClient(clientConfig(t.url));
    streams = new DynamoDBStreamsClient(clientConfig(t.url));
  });
  after(async () => {
    lambda.destroy();
    ddb.destroy();
    streams.destroy();
    await t.stop();
  });

  async function records(streamArn: string): Promise<StreamsRecord[]> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const out: StreamsRecord[] = [];
    for (const shard of StreamDescription!.Shards!) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      out.push(...((await streams.send(new GetRecordsCommand({ ShardIterator }))).Records ?? []));
    }
    return out;
  }

  test('the seed, verbatim: PutItem / UpdateItem / DeleteItem on user-123 deliver INSERT, MODIFY (pending → confirmed) and REMOVE in order', async () => {
    const streamArn = await createStreamTable(ddb, 'Users');
    assert.match(streamArn, /^arn:aws:dynamodb:us-east-1:123456789012:table\/Users\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    const fn = await createStreamFunction(lambda, 'users-stream', dir);
    await createStreamMapping(lambda, { FunctionName: 'users-stream', EventSourceArn: streamArn, StartingPosition: 'LATEST' });
    await ddb.send(new PutItemCommand({ TableName: 'Users', Item: { userId: { S: 'user-123' }, status: { S: 'pending' } } }));
    await ddb.send(
      new UpdateItemCommand({
        TableName: 'Users',
        Key: { userId: { S: 'user-123' } },
        UpdateExpression: 'SET #s = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': { S: 'confirmed' } },
      }),
    );
    await ddb.send(new DeleteItemCommand({ TableName: 'Users', Key: { userId: { S: 'user-123' } } }));
    const got = await eventually(() => {
      const all = invocations(fn.file).flatMap((i) => i.event.Records);
      return all.length >= 3 ? all : undefined;
    });
    assert.deepEqual(
      got.map((r) => r.eventName),
      ['INSERT', 'MODIFY', 'REMOVE'],
    );
    assert.deepEqual(got[1].dynamodb.Keys, { userId: { S: 'user-123' } });
    assert.deepEqual(got[1].dynamodb.OldImage, { userId: { S: 'user-123' }, status: { S: 'pending' } });
    assert.deepEqual(got[1].dynamodb.NewImage, { userId: { S: 'user-123' }, status: { S: 'confirmed' } });
    assert.deepEqual(got[0].dynamodb.NewImage, { userId: { S: 'user-123' }, status: { S: 'pending' } });
    assert.deepEqual(got[2].dynamodb.OldImage, { userId: { S: 'user-123' }, status: { S: 'confirmed' } });
    assert.equal(got[2].dynamodb.NewImage, undefined);
    for (const r of got) {
      assert.deepEqual(Object.keys(r), ['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
      assert.equal(r.eventSourceARN, streamArn);
    }
  });

  test('every write path (Put, Update, Delete, BatchWrite, TransactWrite, PartiQL) writes its records; unchanged updates and deletes of missing items write none', async () => {
    const streamArn = await createStreamTable(ddb, 'Paths', 'NEW_AND_OLD_IMAGES', 'pk');
    const item = (pk: string, v: string) => ({ pk: { S: pk }, v: { S: v } });
    await ddb.send(new PutItemCommand({ TableName: 'Paths', Item: item('a', '1') }));
    await ddb.send(new PutItemCommand({ TableName: 'Paths', Item: item('a', '2') }));
    await ddb.send(new PutItemCommand({ TableName: 'Paths', Item: item('a', '2') }));
    await ddb.send(
      new UpdateItemCommand({ TableName: 'Paths', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: '2' } } }),
    );
    await ddb.send(new DeleteItemCommand({ TableName: 'Paths', Key: { pk: { S: 'missing' } } }));
    await ddb.send(
      new BatchWriteItemCommand({ RequestItems: { Paths: [{ PutRequest: { Item: item('b', '1') } }, { DeleteRequest: { Key: { pk: { S: 'a' } } } }] } }),
    );
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'Paths', Item: item('c', '1') } },
          { Update: { TableName: 'Paths', Key: { pk: { S: 'b' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: '2' } } } },
        ],
      }),
    );
    await ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: 'Paths', Key: { pk: { S: 'c' } } } }] }));
    await ddb.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "Paths" VALUE {'pk': 'd', 'v': '1'}` }));
    await ddb.send(new ExecuteStatementCommand({ Statement: `UPDATE "Paths" SET v = '2' WHERE pk = 'd'` }));
    await ddb.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "Paths" WHERE pk = 'd'` }));
    const got = (await records(streamArn)).map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`);
    assert.deepEqual(got, ['INSERT a', 'MODIFY a', 'INSERT b', 'REMOVE a', 'INSERT c', 'MODIFY b', 'REMOVE c', 'INSERT d', 'MODIFY d', 'REMOVE d']);
  });

  test('TTL deletes appear as service REMOVEs with userIdentity; disabling the stream and enabling it again gives a new ARN', async () => {
    const streamArn = await createStreamTable(ddb, 'Sessions', 'KEYS_ONLY', 'pk');
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    await ddb.send(new PutItemCommand({ TableName: 'Sessions', Item: { pk: { S: 's1' }, expires: { N: String(Math.floor(Date.now() / 1000) - 10) } } }));
    const removed = await eventually(async () => (await records(streamArn)).find((r) => r.eventName === 'REMOVE'), 10_000, 'the TTL delete');
    assert.deepEqual(removed.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
    assert.deepEqual(removed.dynamodb!.Keys, { pk: { S: 's1' } });
    assert.equal(removed.dynamodb!.OldImage, undefined);
    await ddb.send(new UpdateTableCommand({ TableName: 'Sessions', StreamSpecification: { StreamEnabled: false } }));
    await new Promise((r) => setTimeout(r, 2));
    await ddb.send(new UpdateTableCommand({ TableName: 'Sessions', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'Sessions' }));
    assert.notEqual(Table!.LatestStreamArn, streamArn);
    const old = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    assert.equal(old.StreamDescription!.StreamStatus, 'DISABLED');
  });
});
