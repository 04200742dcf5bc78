import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../src/clock.js';
import { eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { createTable, dynamo, type FakeStreams, useFakeStreams } from './helpers.js';

let t: TestTributary;
let db: ReturnType<typeof dynamo>;
let streams: FakeStreams;
const clock = new ManualClock(Date.UTC(2026, 0, 1));

before(async () => {
  t = await startTributary({ clock });
  db = dynamo(t.url);
  streams = useFakeStreams(t.tributary);
  await createTable(db, 'events', { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
});
after(async () => {
  db.destroy();
  await t.stop();
});

const key = (id: string) => ({ pk: { S: id } });

describe('the Streams port', () => {
  it('is told when a table gets a stream, and the table shows its ARN and label', async () => {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: 'events' }));
    assert.deepEqual(Table?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    assert.match(Table?.LatestStreamArn ?? '', /^arn:aws:dynamodb:us-east-1:123456789012:table\/events\/stream\//);
    assert.ok(Table?.LatestStreamLabel);
  });

  it('gets INSERT, MODIFY and REMOVE with full images and keys; nothing for unchanged updates or deletes of missing items', async () => {
    const before = streams.changes().length;
    await db.send(new PutItemCommand({ TableName: 'events', Item: { ...key('user-123'), status: { S: 'pending' } } }));
    await db.send(
      new UpdateItemCommand({
        TableName: 'events',
        Key: key('user-123'),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'confirmed' } },
      }),
    );
    await db.send(
      new UpdateItemCommand({
        TableName: 'events',
        Key: key('user-123'),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'confirmed' } },
      }),
    );
    await db.send(new DeleteItemCommand({ TableName: 'events', Key: key('user-123') }));
    await db.send(new DeleteItemCommand({ TableName: 'events', Key: key('never-there') }));
    const changes = streams.changes().slice(before);
    assert.deepEqual(
      changes.map((c) => c.eventName),
      ['INSERT', 'MODIFY', 'REMOVE'],
    );
    assert.deepEqual(changes[1], {
      eventName: 'MODIFY',
      keys: key('user-123'),
      oldImage: { ...key('user-123'), status: { S: 'pending' } },
      newImage: { ...key('user-123'), status: { S: 'confirmed' } },
    });
    assert.deepEqual(changes[2]?.oldImage, { ...key('user-123'), status: { S: 'confirmed' } });
  });

  it('hears from batch writes, transactions and PartiQL, and not from a cancelled transaction', async () => {
    const before = streams.changes().length;
    await db.send(new BatchWriteItemCommand({ RequestItems: { events: [{ PutRequest: { Item: key('b1') } }, { PutRequest: { Item: key('b2') } }] } }));
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Delete: { TableName: 'events', Key: key('b1') } }, { Put: { TableName: 'events', Item: key('t1') } }],
      }),
    );
    await assert.rejects(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'events', Item: key('never') } },
            { ConditionCheck: { TableName: 'events', Key: key('b2'), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    );
    await db.send(new ExecuteStatementCommand({ Statement: `INSERT INTO events VALUE {'pk': 'pq'}` }));
    const changes = streams.changes().slice(before);
    assert.deepEqual(
      changes.map((c) => `${c.eventName} ${c.keys.pk!.S}`),
      ['INSERT b1', 'INSERT b2', 'REMOVE b1', 'INSERT t1', 'INSERT pq'],
    );
  });

  it('is told when the stream is disabled', async () => {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: 'events' }));
    await db.send(new UpdateTableCommand({ TableName: 'events', StreamSpecification: { StreamEnabled: false } }));
    assert.deepEqual(streams.disabled, [Table!.LatestStreamArn]);
    await db.send(new UpdateTableCommand({ TableName: 'events', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    const again = await db.send(new DescribeTableCommand({ TableName: 'events' }));
    assert.notEqual(again.Table?.LatestStreamArn, Table!.LatestStreamArn, 'a new stream, a new ARN');
  });
});

describe('Time to Live', () => {
  it('deletes expired items in the background on the clock, as service deletes', async () => {
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'events', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    const now = Math.floor(clock.now() / 1000);
    await db.send(new PutItemCommand({ TableName: 'events', Item: { ...key('soon'), expires: { N: String(now + 60) } } }));
    await db.send(new PutItemCommand({ TableName: 'events', Item: { ...key('later'), expires: { N: String(now + 3600) } } }));
    await db.send(new PutItemCommand({ TableName: 'events', Item: { ...key('text'), expires: { S: 'not a number' } } }));
    clock.advance(61_000);
    await eventually(
      async () => ((await db.send(new GetItemCommand({ TableName: 'events', Key: key('soon') }))).Item ? undefined : true),
      5000,
      'the expired item to go',
    );
    assert.ok((await db.send(new GetItemCommand({ TableName: 'events', Key: key('later') }))).Item, 'not expired yet');
    assert.ok((await db.send(new GetItemCommand({ TableName: 'events', Key: key('text') }))).Item, 'a non-number TTL never expires');
    const removal = streams.changes().find((c) => c.eventName === 'REMOVE' && c.keys.pk?.S === 'soon');
    assert.deepEqual(removal?.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });
});
