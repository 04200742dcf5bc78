import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand as DocQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTributary, type TestTributary } from '../support/tributary.js';
import { createTable, dynamo, failure } from './helpers.js';

let t: TestTributary;
let db: ReturnType<typeof dynamo>;

before(async () => {
  t = await startTributary();
  db = dynamo(t.url);
});
after(async () => {
  db.destroy();
  await t.stop();
});

describe('tables', () => {
  it('creates a table CREATING, then ACTIVE for the SDK waiter, and describes it as AWS does', async () => {
    await createTable(db, 'orders', { range: 'N' });
    await waitUntilTableExists({ client: db, maxWaitTime: 2, minDelay: 1 }, { TableName: 'orders' });
    const { Table } = await db.send(new DescribeTableCommand({ TableName: 'orders' }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
    assert.equal(Table?.TableArn, 'arn:aws:dynamodb:us-east-1:123456789012:table/orders');
    assert.deepEqual(Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(Table?.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    assert.equal(Table?.ItemCount, 0);
    assert.equal(Table?.DeletionProtectionEnabled, false);
  });

  it('echoes provisioned throughput and rejects bad key schemas with AWS messages', async () => {
    await createTable(db, 'provisioned', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 } });
    const { Table } = await db.send(new DescribeTableCommand({ TableName: 'provisioned' }));
    assert.deepEqual(Table?.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 3 });
    assert.equal(Table?.BillingModeSummary, undefined);
    const missing = await failure(createTable(db, 'bad', { AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] }));
    assert.equal(missing.name, 'ValidationException');
    assert.equal(
      missing.message,
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]',
    );
    const exists = await failure(createTable(db, 'orders', { range: 'N' }));
    assert.equal(exists.name, 'ResourceInUseException');
    const short = await failure(createTable(db, 'ab'));
    assert.equal(
      short.message,
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('lists tables in pages and deletes them (DELETING, then gone for the waiter)', async () => {
    await createTable(db, 'zz-a');
    await createTable(db, 'zz-b');
    const first = await db.send(new ListTablesCommand({ Limit: 2 }));
    assert.equal(first.TableNames?.length, 2);
    assert.ok(first.LastEvaluatedTableName);
    const rest = await db.send(new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName }));
    assert.ok(rest.TableNames?.includes('zz-b'));
    const deleted = await db.send(new DeleteTableCommand({ TableName: 'zz-a' }));
    assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
    await waitUntilTableNotExists({ client: db, maxWaitTime: 2, minDelay: 1 }, { TableName: 'zz-a' });
    const gone = await failure(db.send(new DescribeTableCommand({ TableName: 'zz-a' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, 'Requested resource not found: Table: zz-a not found');
  });

  it('adds and drops a GSI through UpdateTable, protects against deletion, tags, and keeps TTL settings', async () => {
    const updated = await db.send(
      new UpdateTableCommand({
        TableName: 'zz-b',
        AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
        ],
        DeletionProtectionEnabled: true,
      }),
    );
    assert.equal(updated.TableDescription?.TableStatus, 'UPDATING');
    const { Table } = await db.send(new DescribeTableCommand({ TableName: 'zz-b' }));
    assert.equal(Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus, 'ACTIVE');
    assert.equal(Table?.GlobalSecondaryIndexes?.[0]?.IndexArn, `${Table?.TableArn}/index/by-g`);
    const protectedDelete = await failure(db.send(new DeleteTableCommand({ TableName: 'zz-b' })));
    assert.equal(protectedDelete.name, 'ValidationException');
    await db.send(new TagResourceCommand({ ResourceArn: Table!.TableArn!, Tags: [{ Key: 'team', Value: 'data' }] }));
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: Table!.TableArn! }))).Tags, [{ Key: 'team', Value: 'data' }]);
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'zz-b', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'zz-b' }))).TimeToLiveDescription, {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expires',
    });
  });

  it('answers with namespaced __type, a 400, and an x-amz-crc32 of the body', async () => {
    const body = JSON.stringify({ TableName: 'nope' });
    const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request(
        `${t.url}/`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-amz-json-1.0',
            'X-Amz-Target': 'DynamoDB_20120810.DescribeTable',
            Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
          },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.body.toString()).__type, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    assert.equal(Number(res.headers['x-amz-crc32']), zlib.crc32(res.body));
  });
});

describe('items', () => {
  it('puts, gets, updates and deletes with conditions and every ReturnValues', async () => {
    await db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' }, sk: { N: '1' }, amount: { N: '10.50' } } }));
    const got = await db.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'u1' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(got.Item?.amount, { N: '10.5' }, 'numbers come back normalised');
    assert.deepEqual(got.ConsumedCapacity, { TableName: 'orders', CapacityUnits: 0.5 });
    const old = await db.send(
      new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' }, sk: { N: '1' }, amount: { N: '11' } }, ReturnValues: 'ALL_OLD' }),
    );
    assert.deepEqual(old.Attributes?.amount, { N: '10.5' });
    const badReturn = await failure(db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' }, sk: { N: '1' } }, ReturnValues: 'ALL_NEW' })));
    assert.equal(badReturn.message, 'ReturnValues can only be ALL_OLD or NONE');
    const updatedNew = await db.send(
      new UpdateItemCommand({
        TableName: 'orders',
        Key: { pk: { S: 'u1' }, sk: { N: '1' } },
        UpdateExpression: 'SET amount = amount + :d, #s = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':d': { N: '1' }, ':s': { S: 'paid' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    assert.deepEqual(updatedNew.Attributes, { amount: { N: '12' }, status: { S: 'paid' } });
    const failed = await failure(
      db.send(
        new DeleteItemCommand({
          TableName: 'orders',
          Key: { pk: { S: 'u1' }, sk: { N: '1' } },
          ConditionExpression: '#s = :x',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':x': { S: 'refunded' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    assert.equal(failed.name, 'ConditionalCheckFailedException');
    assert.equal(failed.message, 'The conditional request failed');
    assert.deepEqual(failed.error.Item?.status, { S: 'paid' });
    const deleted = await db.send(new DeleteItemCommand({ TableName: 'orders', Key: { pk: { S: 'u1' }, sk: { N: '1' } }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(deleted.Attributes?.amount, { N: '12' });
  });

  it('checks keys and items as AWS does', async () => {
    const wrong = await failure(db.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'u1' } } })));
    assert.equal(wrong.message, 'The provided key element does not match the schema');
    const mismatch = await failure(db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' }, sk: { S: 'x' } } })));
    assert.equal(mismatch.message, 'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S');
    const missingKey = await failure(db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' } } })));
    assert.equal(missingKey.message, 'One or more parameter values were invalid: Missing the key sk in the item');
    const empty = await failure(db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: '' }, sk: { N: '1' } } })));
    assert.equal(
      empty.message,
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
    const big = await failure(
      db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'u1' }, sk: { N: '1' }, blob: { S: 'x'.repeat(400 * 1024) } } })),
    );
    assert.equal(big.message, 'Item size has exceeded the maximum allowed size');
    const table = await failure(db.send(new GetItemCommand({ TableName: 'no-such', Key: { pk: { S: 'u1' } } })));
    assert.equal(table.name, 'ResourceNotFoundException');
    assert.equal(table.message, 'Requested resource not found');
  });

  it('queries and scans in pages, forwards and backwards, with filters, projections and COUNT', async () => {
    for (let i = 0; i < 12; i++) {
      await db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'q' }, sk: { N: String(i) }, odd: { BOOL: i % 2 === 1 } } }));
    }
    const seen: string[] = [];
    let start: Record<string, any> | undefined;
    let pages = 0;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: 'orders',
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          FilterExpression: 'odd = :t',
          ExpressionAttributeValues: { ':p': { S: 'q' }, ':a': { N: '2' }, ':b': { N: '11' }, ':t': { BOOL: true } },
          ScanIndexForward: false,
          Limit: 3,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) seen.push(item.sk!.N!);
      assert.ok((page.ScannedCount ?? 0) <= 3);
      start = page.LastEvaluatedKey;
      pages++;
    } while (start && pages < 10);
    assert.deepEqual(seen, ['11', '9', '7', '5', '3']);
    const count = await db.send(
      new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'q' } }, Select: 'COUNT' }),
    );
    assert.equal(count.Count, 12);
    assert.equal(count.Items, undefined);
    const projected = await db.send(new ScanCommand({ TableName: 'orders', ProjectionExpression: 'sk', Limit: 5 }));
    assert.equal(projected.Items?.length, 5);
    assert.deepEqual(Object.keys(projected.Items![0]!), ['sk']);
    const segments = await Promise.all([0, 1, 2].map((Segment) => db.send(new ScanCommand({ TableName: 'orders', Segment, TotalSegments: 3 }))));
    assert.equal(
      segments.reduce((n, s) => n + (s.Count ?? 0), 0),
      (await db.send(new ScanCommand({ TableName: 'orders' }))).Count,
    );
    const missed = await failure(
      db.send(new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { N: '1' } } })),
    );
    assert.equal(missed.message, 'Query condition missed key schema element: pk');
  });

  it('queries a GSI in pages and refuses consistent reads on it', async () => {
    await createTable(db, 'people', {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'city', AttributeType: 'S' },
        { AttributeName: 'age', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-city',
          KeySchema: [
            { AttributeName: 'city', KeyType: 'HASH' },
            { AttributeName: 'age', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    for (let i = 0; i < 7; i++) {
      await db.send(
        new PutItemCommand({ TableName: 'people', Item: { pk: { S: `p${i}` }, city: { S: i < 5 ? 'Oslo' : 'Rome' }, age: { N: String(50 - i) } } }),
      );
    }
    const ages: string[] = [];
    let start: Record<string, any> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: 'people',
          IndexName: 'by-city',
          KeyConditionExpression: 'city = :c',
          ExpressionAttributeValues: { ':c': { S: 'Oslo' } },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
      ages.push(...(page.Items ?? []).map((i) => i.age!.N!));
      start = page.LastEvaluatedKey;
    } while (start);
    assert.deepEqual(ages, ['46', '47', '48', '49', '50']);
    const consistent = await failure(
      db.send(
        new QueryCommand({
          TableName: 'people',
          IndexName: 'by-city',
          KeyConditionExpression: 'city = :c',
          ExpressionAttributeValues: { ':c': { S: 'Oslo' } },
          ConsistentRead: true,
        }),
      ),
    );
    assert.equal(consistent.message, 'Consistent reads are not supported on global secondary indexes');
  });

  it('batches gets and writes, refusing duplicates and oversize batches', async () => {
    const written = await db.send(
      new BatchWriteItemCommand({
        RequestItems: { orders: [{ PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '1' } } } }, { PutRequest: { Item: { pk: { S: 'b' }, sk: { N: '2' } } } }] },
      }),
    );
    assert.deepEqual(written.UnprocessedItems, {});
    const got = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          orders: {
            Keys: [
              { pk: { S: 'b' }, sk: { N: '1' } },
              { pk: { S: 'b' }, sk: { N: '3' } },
            ],
          },
        },
      }),
    );
    assert.equal(got.Responses?.orders?.length, 1);
    assert.deepEqual(got.UnprocessedKeys, {});
    const dup = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            orders: [{ DeleteRequest: { Key: { pk: { S: 'b' }, sk: { N: '1' } } } }, { DeleteRequest: { Key: { pk: { S: 'b' }, sk: { N: '1' } } } }],
          },
        }),
      ),
    );
    assert.equal(dup.message, 'Provided list of item keys contains duplicates');
    const many = Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: { pk: { S: 'm' }, sk: { N: String(i) } } } }));
    const tooMany = await failure(db.send(new BatchWriteItemCommand({ RequestItems: { orders: many } })));
    assert.equal(tooMany.name, 'ValidationException');
  });

  it('runs transactions atomically, with cancellation reasons in order and idempotency tokens', async () => {
    const cancelled = await failure(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'orders', Item: { pk: { S: 't' }, sk: { N: '1' } } } },
            {
              ConditionCheck: {
                TableName: 'orders',
                Key: { pk: { S: 'b' }, sk: { N: '2' } },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );
    assert.equal(cancelled.name, 'TransactionCanceledException');
    assert.equal(cancelled.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    assert.deepEqual(cancelled.error.CancellationReasons, [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'b' }, sk: { N: '2' } } },
    ]);
    assert.equal((await db.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 't' }, sk: { N: '1' } } }))).Item, undefined, 'nothing was written');
    const same = await failure(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'orders', Item: { pk: { S: 't' }, sk: { N: '1' } } } },
            { Delete: { TableName: 'orders', Key: { pk: { S: 't' }, sk: { N: '1' } } } },
          ],
        }),
      ),
    );
    assert.equal(same.message, 'Transaction request cannot include multiple operations on one item');
    const counter = {
      Update: {
        TableName: 'orders',
        Key: { pk: { S: 't' }, sk: { N: '9' } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    };
    await db.send(new TransactWriteItemsCommand({ TransactItems: [counter], ClientRequestToken: 'token-1' }));
    await db.send(new TransactWriteItemsCommand({ TransactItems: [counter], ClientRequestToken: 'token-1' }));
    const read = await db.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'orders', Key: { pk: { S: 't' }, sk: { N: '9' } } } }] }));
    assert.deepEqual(read.Responses?.[0]?.Item?.n, { N: '1' }, 'the repeated token did not apply twice');
  });

  it('lets exactly one of many concurrent transactions claim the same item', async () => {
    const attempts = Array.from({ length: 8 }, (_, i) =>
      db
        .send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: 'orders',
                  Item: { pk: { S: 'seat' }, sk: { N: '1' }, owner: { S: `c${i}` } },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: 'orders',
                  Key: { pk: { S: 'claims' }, sk: { N: String(i) } },
                  UpdateExpression: 'SET c = :c',
                  ExpressionAttributeValues: { ':c': { S: `c${i}` } },
                },
              },
            ],
          }),
        )
        .then(
          () => 'won',
          (err) => err.CancellationReasons?.[0]?.Code as string,
        ),
    );
    const outcomes = await Promise.all(attempts);
    assert.equal(outcomes.filter((o) => o === 'won').length, 1);
    assert.ok(outcomes.filter((o) => o !== 'won').every((o) => o === 'ConditionalCheckFailed' || o === 'TransactionConflict'));
    const claims = await db.send(
      new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'claims' } } }),
    );
    assert.equal(claims.Count, 1, 'the losers wrote nothing');
  });

  it('speaks PartiQL: INSERT, SELECT with parameters and NextToken, UPDATE, DELETE and transactions', async () => {
    await db.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "orders" VALUE {'pk': ?, 'sk': 1, 'tags': <<'a', 'b'>>}`, Parameters: [{ S: 'pq' }] }));
    const dup = await failure(db.send(new ExecuteStatementCommand({ Statement: `INSERT INTO orders VALUE {'pk': 'pq', 'sk': 1}` })));
    assert.equal(dup.name, 'DuplicateItemException');
    await db.send(new ExecuteStatementCommand({ Statement: `UPDATE orders SET qty = 3 SET note = 'x' WHERE pk = 'pq' AND sk = 1` }));
    await db.send(new ExecuteStatementCommand({ Statement: `INSERT INTO orders VALUE {'pk': 'pq', 'sk': 2, 'qty': 1}` }));
    const first = await db.send(
      new ExecuteStatementCommand({ Statement: `SELECT sk, qty FROM orders WHERE pk = ? AND qty > 0`, Parameters: [{ S: 'pq' }], Limit: 1 }),
    );
    assert.deepEqual(first.Items, [{ sk: { N: '1' }, qty: { N: '3' } }]);
    const second = await db.send(
      new ExecuteStatementCommand({ Statement: `SELECT sk, qty FROM orders WHERE pk = ? AND qty > 0`, Parameters: [{ S: 'pq' }], NextToken: first.NextToken }),
    );
    assert.deepEqual(second.Items, [{ sk: { N: '2' }, qty: { N: '1' } }]);
    const tx = await failure(
      db.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `DELETE FROM orders WHERE pk = 'pq' AND sk = 2` },
            { Statement: `UPDATE orders SET qty = 0 WHERE pk = 'pq' AND sk = 1 AND qty = 99` },
          ],
        }),
      ),
    );
    assert.equal(tx.name, 'TransactionCanceledException');
    await db.send(new ExecuteStatementCommand({ Statement: `DELETE FROM orders WHERE pk = 'pq' AND sk = 2` }));
    const left = await db.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM orders WHERE pk = 'pq'` }));
    assert.equal(left.Items?.length, 1);
  });

  it('works through lib-dynamodb (the document client)', async () => {
    const doc = DynamoDBDocumentClient.from(db);
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'doc', sk: 1, profile: { name: 'Ada', langs: ['en', 'fr'] }, tags: new Set(['x']) } }));
    await doc.send(
      new UpdateCommand({
        TableName: 'orders',
        Key: { pk: 'doc', sk: 1 },
        UpdateExpression: 'SET profile.langs = list_append(profile.langs, :l)',
        ExpressionAttributeValues: { ':l': ['de'] },
      }),
    );
    const { Item } = await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'doc', sk: 1 } }));
    assert.deepEqual(Item?.profile, { name: 'Ada', langs: ['en', 'fr', 'de'] });
    assert.deepEqual(Item?.tags, new Set(['x']));
    const q = await doc.send(new DocQuery({ TableName: 'orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'doc' } }));
    assert.equal(q.Count, 1);
  });
});
