import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../src/clock.js';
import { clientConfig, startTributary, type TestTributary } from '../support/tributary.js';
import { enableStream, insert, modify, remove, streamsPort } from './helpers.js';

describe('DynamoDB Streams API', () => {
  let t: TestTributary;
  let streams: DynamoDBStreamsClient;
  const clock = new ManualClock(Date.UTC(2026, 5, 2, 9, 14, 27, 531));

  before(async () => {
    t = await startTributary({ clock, config: { dynamodbStreamShardRecords: 3 } });
    streams = new DynamoDBStreamsClient(clientConfig(t.url));
  });
  after(async () => {
    streams.destroy();
    await t.stop();
  });

  async function firstShard(arn: string) {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    return d.StreamDescription!.Shards![0]!.ShardId!;
  }

  async function readAll(arn: string, shardId: string, type: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON') {
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: type }));
    return streams.send(new GetRecordsCommand({ ShardIterator }));
  }

  test('the stream ARN carries the YYYY-MM-DDTHH:MM:SS.mmm label; ListStreams filters by table and pages', async () => {
    const a = enableStream(t, 'Orders');
    clock.advance(1);
    const b = enableStream(t, 'Users');
    clock.advance(1);
    const c = enableStream(t, 'Users2');
    assert.equal(a.streamLabel, '2026-06-02T09:14:27.531');
    assert.equal(a.streamArn, 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-06-02T09:14:27.531');
    const orders = await streams.send(new ListStreamsCommand({ TableName: 'Orders' }));
    assert.deepEqual(orders.Streams, [{ StreamArn: a.streamArn, TableName: 'Orders', StreamLabel: a.streamLabel }]);
    const page1 = await streams.send(new ListStreamsCommand({ Limit: 2 }));
    assert.equal(page1.Streams!.length, 2);
    assert.equal(page1.LastEvaluatedStreamArn, b.streamArn);
    const page2 = await streams.send(new ListStreamsCommand({ Limit: 2, ExclusiveStartStreamArn: page1.LastEvaluatedStreamArn }));
    assert.deepEqual(
      page2.Streams!.map((s) => s.StreamArn),
      [c.streamArn],
    );
    assert.equal(page2.LastEvaluatedStreamArn, undefined);
  });

  test('records are written as AWS writes them, with the images of each view type', async () => {
    const views = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] as const;
    for (const view of views) {
      clock.advance(10);
      const { streamArn } = enableStream(t, `View-${view}`, view);
      streamsPort(t).append(streamArn, [modify('user-123', { status: { S: 'pending' } }, { status: { S: 'confirmed' } })]);
      const { Records } = await readAll(streamArn, await firstShard(streamArn));
      assert.equal(Records!.length, 1);
      const r = Records![0]!;
      assert.match(r.eventID!, /^[0-9a-f]{32}$/);
      assert.equal(r.eventName, 'MODIFY');
      assert.equal(r.eventVersion, '1.1');
      assert.equal(r.eventSource, 'aws:dynamodb');
      assert.equal(r.awsRegion, 'us-east-1');
      assert.ok(r.dynamodb!.ApproximateCreationDateTime instanceof Date);
      assert.equal(r.dynamodb!.ApproximateCreationDateTime!.getTime() % 1000, 0);
      assert.deepEqual(r.dynamodb!.Keys, { userId: { S: 'user-123' } });
      assert.match(r.dynamodb!.SequenceNumber!, /^\d{21,}$/);
      assert.equal(r.dynamodb!.StreamViewType, view);
      const withNew = view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
      const withOld = view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
      assert.deepEqual(r.dynamodb!.NewImage, withNew ? { userId: { S: 'user-123' }, status: { S: 'confirmed' } } : undefined);
      assert.deepEqual(r.dynamodb!.OldImage, withOld ? { userId: { S: 'user-123' }, status: { S: 'pending' } } : undefined);
      // Keys (userId + "user-123" = 14) plus each image (14 + "status" + value).
      const expected = 14 + (withNew ? 14 + 6 + 9 : 0) + (withOld ? 14 + 6 + 7 : 0);
      assert.equal(r.dynamodb!.SizeBytes, expected);
    }
  });

  test('TTL deletes carry the service userIdentity; user deletes none', async () => {
    clock.advance(10);
    const { streamArn } = enableStream(t, 'Sessions');
    streamsPort(t).append(streamArn, [remove('a', {}, true), remove('b')]);
    const { Records } = await readAll(streamArn, await firstShard(streamArn));
    assert.deepEqual(Records![0]!.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
    assert.equal(Records![1]!.userIdentity, undefined);
  });

  test('iterators: TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER; Limit and NextShardIterator; expiry after 15 minutes', async () => {
    clock.advance(10);
    const { streamArn } = enableStream(t, 'Iter');
    const port = streamsPort(t);
    port.append(streamArn, [insert('a'), insert('b')]);
    const shardId = await firstShard(streamArn);
    const latest = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'LATEST' }));
    port.append(streamArn, [insert('c')]);
    const fromLatest = await streams.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }));
    assert.deepEqual(
      fromLatest.Records!.map((r) => r.dynamodb!.Keys!.userId!.S),
      ['c'],
    );
    const all = await readAll(streamArn, shardId);
    const seqs = all.Records!.map((r) => r.dynamodb!.SequenceNumber!);
    assert.deepEqual([...seqs].sort(), seqs);
    const at = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: seqs[1] }),
    );
    const atRecords = await streams.send(new GetRecordsCommand({ ShardIterator: at.ShardIterator, Limit: 1 }));
    assert.equal(atRecords.Records![0]!.dynamodb!.SequenceNumber, seqs[1]);
    const next = await streams.send(new GetRecordsCommand({ ShardIterator: atRecords.NextShardIterator }));
    assert.equal(next.Records![0]!.dynamodb!.SequenceNumber, seqs[2]);
    const afterIt = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seqs[1] }),
    );
    const afterRecords = await streams.send(new GetRecordsCommand({ ShardIterator: afterIt.ShardIterator }));
    assert.deepEqual(
      afterRecords.Records!.map((r) => r.dynamodb!.SequenceNumber),
      [seqs[2]],
    );
    clock.advance(15 * 60_000 + 1);
    await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator: afterIt.ShardIterator })), (err: unknown) => {
      assert.ok(err instanceof ExpiredIteratorException);
      return true;
    });
    await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: `${streamArn}x` })), ResourceNotFoundException);
  });

  test('shards roll over: a full shard closes with an EndingSequenceNumber, its child names it as parent, a drained closed shard ends its iterators', async () => {
    clock.advance(10);
    const { streamArn } = enableStream(t, 'Rolling');
    const port = streamsPort(t);
    for (const k of ['a', 'b', 'c', 'd', 'e']) port.append(streamArn, [insert(k)]);
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const desc = d.StreamDescription!;
    assert.equal(desc.StreamStatus, 'ENABLED');
    assert.equal(desc.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.equal(desc.TableName, 'Rolling');
    assert.deepEqual(desc.KeySchema, [{ AttributeName: 'userId', KeyType: 'HASH' }]);
    assert.ok(desc.CreationRequestDateTime instanceof Date);
    const [parent, child] = desc.Shards!;
    assert.ok(parent!.SequenceNumberRange!.EndingSequenceNumber);
    assert.equal(child!.ParentShardId, parent!.ShardId);
    assert.equal(child!.SequenceNumberRange!.EndingSequenceNumber, undefined);
    assert.match(parent!.ShardId!, /^shardId-\d{20}-[0-9a-f]{8}$/);
    const first = await readAll(streamArn, parent!.ShardId!);
    assert.deepEqual(
      first.Records!.map((r) => r.dynamodb!.Keys!.userId!.S),
      ['a', 'b', 'c'],
    );
    assert.equal(first.NextShardIterator, undefined);
    const second = await readAll(streamArn, child!.ShardId!);
    assert.deepEqual(
      second.Records!.map((r) => r.dynamodb!.Keys!.userId!.S),
      ['d', 'e'],
    );
    assert.ok(second.NextShardIterator);
    const paged = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, Limit: 1 }));
    assert.equal(paged.StreamDescription!.LastEvaluatedShardId, parent!.ShardId);
    const rest = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: parent!.ShardId }));
    assert.deepEqual(
      rest.StreamDescription!.Shards!.map((s) => s.ShardId),
      [child!.ShardId],
    );
    // Disabling closes the open shard; the stream stays readable.
    port.disableStream(streamArn);
    const disabled = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    assert.equal(disabled.StreamDescription!.StreamStatus, 'DISABLED');
    assert.ok(disabled.StreamDescription!.Shards!.every((s) => s.SequenceNumberRange!.EndingSequenceNumber));
    port.append(streamArn, [insert('late')]);
    assert.equal((await readAll(streamArn, child!.ShardId!)).Records!.length, 2);
  });

  test('shards also roll over by age, as AWS rolls them about every four hours', async () => {
    clock.advance(10);
    const { streamArn } = enableStream(t, 'Aging');
    streamsPort(t).append(streamArn, [insert('a')]);
    clock.advance(4 * 3_600_000);
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    assert.equal(d.StreamDescription!.Shards!.length, 2);
    assert.equal(d.StreamDescription!.Shards![1]!.ParentShardId, d.StreamDescription!.Shards![0]!.ShardId);
  });

  test('retention: records older than 24 h are trimmed; an iterator from before the trim gets TrimmedDataAccessException', async () => {
    clock.advance(10);
    const { streamArn } = enableStream(t, 'Retained');
    const port = streamsPort(t);
    port.append(streamArn, [insert('old')]);
    const shardId = await firstShard(streamArn);
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const oldSeq = (await readAll(streamArn, shardId)).Records![0]!.dynamodb!.SequenceNumber!;
    clock.advance(12 * 3_600_000);
    port.append(streamArn, [insert('new')]);
    clock.advance(12 * 3_600_000 + 60_000);
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shards = d.StreamDescription!.Shards!;
    const records = [];
    for (const s of shards) records.push(...((await readAll(streamArn, s.ShardId!)).Records ?? []));
    assert.deepEqual(
      records.map((r) => r.dynamodb!.Keys!.userId!.S),
      ['new'],
    );
    await assert.rejects(
      streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: oldSeq })),
      TrimmedDataAccessException,
    );
    void ShardIterator;
  });
});
