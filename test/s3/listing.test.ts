import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client, s3Error } from './helpers.js';

const KEYS = ['a.txt', 'photos/2024/jan.jpg', 'photos/2024/feb.jpg', 'photos/2025/mar.jpg', 'photos/cover.jpg', 'z/last', 'with space/x', 'b+c'];

describe('S3 listings', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'listing';

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  });

  test('ListObjectsV2 lists every key in UTF-8 binary order with sizes and ETags', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket }));
    assert.deepEqual(
      res.Contents?.map((c) => c.Key),
      [...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    assert.equal(res.KeyCount, KEYS.length);
    assert.equal(res.IsTruncated, false);
    const first = res.Contents![0]!;
    assert.equal(first.Size, Buffer.byteLength(first.Key!));
    assert.match(first.ETag!, /^"[0-9a-f]{32}"$/);
    assert.equal(first.StorageClass, 'STANDARD');
    assert.equal(first.Owner, undefined);
  });

  test('a delimiter rolls keys up into CommonPrefixes under a prefix', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    assert.deepEqual(
      top.Contents?.map((c) => c.Key),
      ['a.txt', 'b+c'],
    );
    assert.deepEqual(
      top.CommonPrefixes?.map((p) => p.Prefix),
      ['photos/', 'with space/', 'z/'],
    );
    assert.equal(top.KeyCount, 5);
    const photos = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'photos/', Delimiter: '/' }));
    assert.deepEqual(
      photos.Contents?.map((c) => c.Key),
      ['photos/cover.jpg'],
    );
    assert.deepEqual(
      photos.CommonPrefixes?.map((p) => p.Prefix),
      ['photos/2024/', 'photos/2025/'],
    );
  });

  test('ListObjectsV2 paginates with continuation tokens and StartAfter', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 3, ContinuationToken: token }));
      pages += 1;
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      assert.ok((page.KeyCount ?? 0) <= 3);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated) assert.ok(token);
    } while (token);
    assert.equal(pages, 3);
    assert.equal(seen.length, KEYS.length);
    const after = await s3.send(new ListObjectsV2Command({ Bucket, StartAfter: 'photos/cover.jpg' }));
    assert.deepEqual(
      after.Contents?.map((c) => c.Key),
      ['with space/x', 'z/last'],
    );
    assert.equal(after.StartAfter, 'photos/cover.jpg');
  });

  test('pagination counts CommonPrefixes toward MaxKeys', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual([...(first.Contents ?? []).map((c) => c.Key), ...(first.CommonPrefixes ?? []).map((p) => p.Prefix)], ['a.txt', 'b+c']);
    const second = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
    assert.deepEqual(
      second.CommonPrefixes?.map((p) => p.Prefix),
      ['photos/', 'with space/'],
    );
    const third = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: second.NextContinuationToken }));
    assert.deepEqual(
      third.CommonPrefixes?.map((p) => p.Prefix),
      ['z/'],
    );
    assert.equal(third.IsTruncated, false);
  });

  test('ListObjects v1 paginates with Marker and NextMarker', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 4 }));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.Contents?.length, 4);
    assert.equal(first.NextMarker, undefined);
    const second = await s3.send(new ListObjectsCommand({ Bucket, Marker: first.Contents![3]!.Key }));
    assert.equal(second.Contents?.length, KEYS.length - 4);
    assert.ok(second.Contents?.[0]?.Owner?.ID);
    const delimited = await s3.send(new ListObjectsCommand({ Bucket, Delimiter: '/', MaxKeys: 3 }));
    assert.equal(delimited.NextMarker, 'photos/');
  });

  test('MaxKeys 0 is an empty page that is not truncated, in both list versions', async () => {
    const v2 = await s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 0 }));
    assert.equal(v2.IsTruncated, false);
    assert.equal(v2.KeyCount, 0);
    assert.equal(v2.Contents, undefined);
    assert.equal(v2.NextContinuationToken, undefined);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 0, Delimiter: '/' }));
    assert.equal(v1.IsTruncated, false);
    assert.equal(v1.NextMarker, undefined);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket, MaxKeys: 0 }));
    assert.equal(versions.IsTruncated, false);
  });

  test('encoding-type=url encodes keys and prefixes in the XML', async () => {
    const res = await fetch(`${t.url}/${Bucket}?list-type=2&encoding-type=url&prefix=with%20space/`);
    const xml = await res.text();
    assert.match(xml, /<Key>with%20space\/x<\/Key>/);
    assert.match(xml, /<Prefix>with%20space\/<\/Prefix>/);
    assert.match(xml, /<EncodingType>url<\/EncodingType>/);
    const sdk = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'b', EncodingType: 'url' }));
    assert.deepEqual(
      sdk.Contents?.map((c) => decodeURIComponent(c.Key!)),
      ['b+c'],
    );
  });

  test('bad list parameters are InvalidArgument', async () => {
    const err = await s3Error(s3.send(new ListObjectsV2Command({ Bucket, EncodingType: 'base64' as any })));
    assert.equal(err.name, 'InvalidArgument');
    const res = await fetch(`${t.url}/${Bucket}?list-type=2&max-keys=lots`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<ArgumentName>max-keys<\/ArgumentName>/);
  });

  test('versioned buckets keep versions and delete markers, listed newest first', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'versions' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versions', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'doc', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'doc', Body: 'two' }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'versions', Key: 'doc' }));
    assert.equal(del.DeleteMarker, true);
    assert.ok(del.VersionId);
    const gone = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'doc' })));
    assert.equal(gone.name, 'NoSuchKey');
    assert.equal(gone.error.$response?.headers?.['x-amz-delete-marker'], 'true');
    const old = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'doc', VersionId: v1.VersionId }));
    assert.equal(await old.Body!.transformToString(), 'one');
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versions' }));
    assert.deepEqual(
      listed.Versions?.map((v) => [v.VersionId, v.IsLatest]),
      [
        [v2.VersionId, false],
        [v1.VersionId, false],
      ],
    );
    assert.deepEqual(
      listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]),
      [[del.VersionId, true]],
    );
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'versions' }))).KeyCount, 0);
    for (const Key of ['dir/a', 'dir/b', 'top']) await s3.send(new PutObjectCommand({ Bucket: 'versions', Key, Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'dir/a', Body: 'y' }));
    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versions', Delimiter: '/' }));
    assert.deepEqual(
      rolled.CommonPrefixes?.map((c) => c.Prefix),
      ['dir/'],
    );
    assert.deepEqual(
      rolled.Versions?.map((v) => v.Key),
      ['doc', 'doc', 'top'],
    );
    const paged: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versions', MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      paged.push(...(res.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`), ...(res.DeleteMarkers ?? []).map((m) => `${m.Key}@${m.VersionId}`));
      if (!res.IsTruncated) break;
      keyMarker = res.NextKeyMarker;
      versionIdMarker = res.NextVersionIdMarker;
    }
    assert.equal(paged.length, 7);
    assert.equal(new Set(paged).size, 7);
    await s3.send(new DeleteObjectsCommand({ Bucket: 'versions', Delete: { Objects: [{ Key: 'dir/a' }, { Key: 'dir/b' }, { Key: 'top' }] } }));
    // Removing the delete marker brings the newest version back.
    await s3.send(new DeleteObjectCommand({ Bucket: 'versions', Key: 'doc', VersionId: del.VersionId }));
    const back = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'doc' }));
    assert.equal(await back.Body!.transformToString(), 'two');
    assert.equal(back.VersionId, v2.VersionId);
  });
});
