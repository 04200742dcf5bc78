import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client, s3Error, streamToBuffer } from './helpers.js';

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');

describe('S3 objects', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'objects';

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  });

  test('an object round-trips with its ETag, metadata and representation headers', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'docs/report.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        ContentDisposition: 'attachment; filename="report.txt"',
        ContentEncoding: 'identity',
        CacheControl: 'max-age=60',
        ContentLanguage: 'en',
        Expires: new Date('2030-01-01T00:00:00Z'),
        Metadata: { owner: 'alice', purpose: 'test' },
      }),
    );
    assert.equal(put.ETag, `"${md5('hello world')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'docs/report.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello world');
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ContentLength, 11);
    assert.equal(got.ContentDisposition, 'attachment; filename="report.txt"');
    assert.equal(got.ContentEncoding, 'identity');
    assert.equal(got.CacheControl, 'max-age=60');
    assert.equal(got.ContentLanguage, 'en');
    assert.equal(got.ExpiresString, 'Tue, 01 Jan 2030 00:00:00 GMT');
    assert.deepEqual(got.Metadata, { owner: 'alice', purpose: 'test' });
    assert.ok(got.LastModified instanceof Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'docs/report.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ETag, put.ETag);
    assert.deepEqual(head.Metadata, { owner: 'alice', purpose: 'test' });
  });

  test('an object without a Content-Type is binary/octet-stream', async () => {
    // The JS SDK always sends a Content-Type; a bare PUT does not.
    const put = await fetch(`${t.url}/${Bucket}/untyped`, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    assert.equal(put.status, 200);
    const res = await fetch(`${t.url}/${Bucket}/untyped`);
    assert.equal(res.headers.get('content-type'), 'binary/octet-stream');
  });

  test('the default CRC32 checksum is stored, verified and returned in checksum mode', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'checked', Body: 'checksummed body' }));
    assert.ok(put.ChecksumCRC32);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'checked', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
    assert.equal(await got.Body!.transformToString(), 'checksummed body');
    const sha = await s3.send(new PutObjectCommand({ Bucket, Key: 'sha', Body: 'abc', ChecksumAlgorithm: 'SHA256' }));
    assert.equal(sha.ChecksumSHA256, createHash('sha256').update('abc').digest('base64'));
    // CRC-64/NVME of "123456789" is ae8b14860a799888.
    const res = await fetch(`${t.url}/${Bucket}/crc64`, {
      method: 'PUT',
      body: '123456789',
      headers: { 'x-amz-checksum-crc64nvme': Buffer.from('ae8b14860a799888', 'hex').toString('base64') },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-checksum-crc64nvme'), 'rosUhgp5mIg=');
    const wrong = await fetch(`${t.url}/${Bucket}/crc64`, { method: 'PUT', body: '12345678', headers: { 'x-amz-checksum-crc64nvme': 'rosUhgp5mIg=' } });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /<Message>The CRC64NVME you specified did not match the calculated checksum.<\/Message>/);
  });

  test('a wrong checksum or Content-MD5 is BadDigest and stores nothing', async () => {
    const bad = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'bad-crc', Body: 'data', ChecksumCRC32: 'AAAAAA==' })));
    assert.equal(bad.name, 'BadDigest');
    const res = await fetch(`${t.url}/${Bucket}/bad-md5`, {
      method: 'PUT',
      body: 'data',
      headers: { 'Content-MD5': createHash('md5').update('other').digest('base64') },
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>BadDigest<\/Code>/);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'bad-crc' })))).status, 404);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'bad-md5' })))).status, 404);
  });

  test('Range requests return 206 with Content-Range, and an unsatisfiable range is InvalidRange', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'digits', Body: '0123456789' }));
    const part = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits', Range: 'bytes=2-5' }));
    assert.equal(part.$metadata.httpStatusCode, 206);
    assert.equal(part.ContentRange, 'bytes 2-5/10');
    assert.equal(await part.Body!.transformToString(), '2345');
    const suffix = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits', Range: 'bytes=-3' }));
    assert.equal(await suffix.Body!.transformToString(), '789');
    const open = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits', Range: 'bytes=7-' }));
    assert.equal(await open.Body!.transformToString(), '789');
    const err = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'digits', Range: 'bytes=20-30' })));
    assert.equal(err.name, 'InvalidRange');
    assert.equal(err.status, 416);
    assert.equal(err.message, 'The requested range is not satisfiable');
  });

  test('conditional GETs answer 304 and 412 as S3 does', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'conditional', Body: 'v1' }));
    const etag = put.ETag!;
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfMatch: etag }));
    assert.equal(await ok.Body!.transformToString(), 'v1');
    const failedMatch = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfMatch: '"nope"' })));
    assert.equal(failedMatch.name, 'PreconditionFailed');
    assert.equal(failedMatch.status, 412);
    assert.equal(failedMatch.message, 'At least one of the pre-conditions you specified did not hold');
    const notModified = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfNoneMatch: etag })));
    assert.equal(notModified.status, 304);
    const future = new Date(Date.now() + 3600_000);
    const past = new Date(Date.now() - 3600_000);
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfModifiedSince: future })))).status, 304);
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfUnmodifiedSince: past })))).status, 412);
    const modified = await s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfModifiedSince: past }));
    assert.equal(modified.$metadata.httpStatusCode, 200);
    // If-Match that holds wins over a failing If-Unmodified-Since.
    const both = await s3.send(new GetObjectCommand({ Bucket, Key: 'conditional', IfMatch: etag, IfUnmodifiedSince: past }));
    assert.equal(both.$metadata.httpStatusCode, 200);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'conditional', IfNoneMatch: etag })))).status, 304);
  });

  test('conditional writes: If-None-Match * refuses to overwrite', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'write-once', Body: 'first', IfNoneMatch: '*' }));
    const err = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'write-once', Body: 'second', IfNoneMatch: '*' })));
    assert.equal(err.name, 'PreconditionFailed');
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'write-once' }));
    assert.equal(await got.Body!.transformToString(), 'first');
    // Writes accept only `*` for If-None-Match.
    const etagCondition = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'write-once', Body: 'third', IfNoneMatch: got.ETag })));
    assert.equal(etagCondition.name, 'NotImplemented');
    assert.equal(etagCondition.status, 501);
  });

  test('a missing key is NoSuchKey with the key, and HeadObject is a bare 404', async () => {
    const err = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'no/such key' })));
    assert.equal(err.name, 'NoSuchKey');
    assert.equal(err.status, 404);
    assert.equal(err.message, 'The specified key does not exist.');
    assert.equal(err.error.Key, 'no/such key');
    const head = await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'no/such key' })));
    assert.equal(head.name, 'NotFound');
    const noBucket = await s3Error(s3.send(new PutObjectCommand({ Bucket: 'absent-bucket', Key: 'k', Body: 'x' })));
    assert.equal(noBucket.name, 'NoSuchBucket');
  });

  test('user metadata over 2 KB is MetadataTooLarge and keys over 1024 bytes are KeyTooLongError', async () => {
    const big = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'meta', Body: 'x', Metadata: { big: 'v'.repeat(2100) } })));
    assert.equal(big.name, 'MetadataTooLarge');
    assert.equal(big.status, 400);
    assert.equal(big.message, 'Your metadata headers exceed the maximum allowed metadata size.');
    const long = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1025), Body: 'x' })));
    assert.equal(long.name, 'KeyTooLongError');
    assert.equal(long.message, 'Your key is too long');
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1024), Body: 'x' }));
    const manyTags = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'tags', Body: 'x', Tagging: Array.from({ length: 11 }, (_, i) => `t${i}=v`).join('&') })),
    );
    assert.equal(manyTags.name, 'BadRequest');
    assert.equal(manyTags.message, 'Object tags cannot be greater than 10');
    const reserved = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'tags', Body: 'x', Tagging: 'aws:team=media' })));
    assert.equal(reserved.name, 'InvalidTag');
    assert.equal(reserved.message, 'Your TagKey cannot be prefixed with aws:');
  });

  test('keys keep spaces, unicode, plus signs, dot segments and double slashes', async () => {
    for (const Key of ['with space.txt', 'ünïcødé/文件.txt', 'a+b=c&d.txt', 'dots/../kept', 'double//slash', 'percent%20literal']) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(await got.Body!.transformToString(), Key);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dots/' }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key),
      ['dots/../kept'],
    );
  });

  test('DeleteObject is 204 whether or not the key exists', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'doomed', Body: 'x' }));
    const res = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doomed' }));
    assert.equal(res.$metadata.httpStatusCode, 204);
    assert.equal((await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doomed' }))).$metadata.httpStatusCode, 204);
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'doomed' })))).name, 'NoSuchKey');
  });

  test('DeleteObjects reports each key and honours Quiet', async () => {
    for (const Key of ['bulk/1', 'bulk/2', 'bulk/3']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'bulk/1' }, { Key: 'bulk/2' }, { Key: 'bulk/missing' }] } }));
    assert.deepEqual(res.Deleted?.map((d) => d.Key).sort(), ['bulk/1', 'bulk/2', 'bulk/missing']);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'bulk/3' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'bulk/' }));
    assert.equal(listed.KeyCount, 0);
  });

  test('malformed DeleteObjects XML is MalformedXML', async () => {
    const res = await fetch(`${t.url}/${Bucket}?delete`, { method: 'POST', body: '<Delete><Object><Key>x</Key></Object>' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>MalformedXML<\/Code>/);
  });

  test('CopyObject copies metadata by default and replaces it with REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: 'copy me', ContentType: 'text/x-src', Metadata: { a: '1' } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: 'dst-copy', CopySource: `${Bucket}/src` }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${md5('copy me')}"`);
    assert.ok(copied.CopyObjectResult?.LastModified instanceof Date);
    const copy = await s3.send(new GetObjectCommand({ Bucket, Key: 'dst-copy' }));
    assert.equal(await copy.Body!.transformToString(), 'copy me');
    assert.equal(copy.ContentType, 'text/x-src');
    assert.deepEqual(copy.Metadata, { a: '1' });
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'dst-replace',
        CopySource: `${Bucket}/src`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/x-new',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket, Key: 'dst-replace' }));
    assert.equal(replaced.ContentType, 'text/x-new');
    assert.deepEqual(replaced.Metadata, { b: '2' });
  });

  test('copying an object onto itself without changes is InvalidRequest; with REPLACE it updates metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'self', Body: 'x', Metadata: { v: '1' } }));
    const err = await s3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'self', CopySource: `${Bucket}/self` })));
    assert.equal(err.name, 'InvalidRequest');
    assert.match(err.message, /^This copy request is illegal because it is trying to copy an object to itself/);
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'self', CopySource: `${Bucket}/self`, MetadataDirective: 'REPLACE', Metadata: { v: '2' } }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket, Key: 'self' }))).Metadata, { v: '2' });
  });

  test('copy-source conditions fail with PreconditionFailed, and a missing source is NoSuchKey', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'cond-src', Body: 'x' }));
    const err = await s3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'cond-dst', CopySource: `${Bucket}/cond-src`, CopySourceIfMatch: '"other"' })));
    assert.equal(err.name, 'PreconditionFailed');
    const missing = await s3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'cond-dst', CopySource: `${Bucket}/not-there` })));
    assert.equal(missing.name, 'NoSuchKey');
  });

  test('ACLs report the owner with full control', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'acl', Body: 'x' }));
    const acl = await s3.send(new GetObjectAclCommand({ Bucket, Key: 'acl' }));
    assert.equal(acl.Grants?.[0]?.Permission, 'FULL_CONTROL');
    assert.equal(acl.Grants?.[0]?.Grantee?.Type, 'CanonicalUser');
    assert.equal(acl.Grants?.[0]?.Grantee?.ID, acl.Owner?.ID);
    await s3.send(new PutObjectAclCommand({ Bucket, Key: 'acl', ACL: 'private' }));
    // New buckets enforce bucket-owner ownership: ACLs that grant anyone else are refused.
    const refused = await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'public', Body: 'x', ACL: 'public-read' })));
    assert.equal(refused.name, 'AccessControlListNotSupported');
    assert.equal(refused.status, 400);
    assert.equal(refused.message, 'The bucket does not allow ACLs');
    await s3.send(new PutObjectCommand({ Bucket, Key: 'owner-acl', Body: 'x', ACL: 'bucket-owner-full-control' }));
    assert.equal(
      (await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'public-bucket', ACL: 'public-read' })))).name,
      'InvalidBucketAclWithObjectOwnership',
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'writer-owned', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new PutObjectCommand({ Bucket: 'writer-owned', Key: 'public', Body: 'x', ACL: 'public-read' }));
  });

  test('presigned GET and PUT URLs work without the SDK', async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: 'presigned.txt' }), { expiresIn: 300 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned url' });
    assert.equal(put.status, 200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'presigned.txt' }), { expiresIn: 300 });
    assert.match(getUrl, /X-Amz-Signature=/);
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'via presigned url');
    const stale = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'presigned.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
    });
    const expired = await fetch(stale);
    assert.equal(expired.status, 403);
    const xml = await expired.text();
    assert.match(xml, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires>/);
    const legacy = new URL(getUrl);
    const v2 = await fetch(`${legacy.origin}${legacy.pathname}?AWSAccessKeyId=test&Signature=x&Expires=${Math.floor(Date.now() / 1000) - 10}`);
    assert.equal(v2.status, 403);
  });

  test('virtual-hosted-style requests name the bucket in the host', async () => {
    // Resolve every host to loopback, as a developer's /etc/hosts or a wildcard DNS entry would.
    const lookup = (_host: string, options: any, callback: any) =>
      options?.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
    const agent = new http.Agent({ lookup } as http.AgentOptions);
    const port = new URL(t.url).port;
    const virtual = new S3Client({ ...clientConfig(`http://localhost:${port}`), forcePathStyle: false, requestHandler: { httpAgent: agent } as any });
    await virtual.send(new PutObjectCommand({ Bucket, Key: 'virtual/host.txt', Body: 'vhost' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'virtual/host.txt' }));
    assert.equal(await got.Body!.transformToString(), 'vhost');
    const listed = await virtual.send(new ListObjectsV2Command({ Bucket, Prefix: 'virtual/' }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key),
      ['virtual/host.txt'],
    );
    const s3Style = new S3Client({
      ...clientConfig(`http://s3.localhost.localstack.cloud:${port}`),
      forcePathStyle: false,
      requestHandler: { httpAgent: agent } as any,
    });
    const viaS3Host = await s3Style.send(new GetObjectCommand({ Bucket, Key: 'virtual/host.txt' }));
    assert.equal(await viaS3Host.Body!.transformToString(), 'vhost');
    agent.destroy();
  });

  test('an object body streams back in full when it is larger than one chunk', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'medium.bin', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'medium.bin' }));
    const back = await streamToBuffer(got.Body);
    assert.equal(back.length, body.length);
    assert.ok(back.equals(body));
  });
});
