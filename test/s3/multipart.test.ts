import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client, s3Error, streamToBuffer } from './helpers.js';

const MB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

describe('S3 multipart uploads', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'multipart';
  const part1 = Buffer.alloc(5 * MB, 'a');
  const part2 = Buffer.alloc(1 * MB, 'b');

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  });

  test('parts are listed, completed into one object with the multipart ETag, and the upload disappears', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key: 'big/object.bin', ContentType: 'application/x-big', Metadata: { m: '1' } }),
    );
    assert.ok(UploadId);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.deepEqual(
      uploads.Uploads?.map((u) => [u.Key, u.UploadId]),
      [['big/object.bin', UploadId]],
    );
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'big/object.bin', UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key: 'big/object.bin', UploadId, PartNumber: 2, Body: part2 }));
    assert.equal(p1.ETag, `"${md5(part1).toString('hex')}"`);
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key: 'big/object.bin', UploadId }));
    assert.deepEqual(
      parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]),
      [
        [1, 5 * MB, p1.ETag],
        [2, MB, p2.ETag],
      ],
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'big/object.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat([md5(part1), md5(part2)]))
      .digest('hex')}-2"`;
    assert.equal(done.ETag, expectedEtag);
    assert.equal(done.Key, 'big/object.bin');
    assert.equal(done.Bucket, Bucket);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/object.bin' }));
    assert.equal(head.ContentLength, 6 * MB);
    assert.equal(head.ETag, expectedEtag);
    assert.equal(head.ContentType, 'application/x-big');
    assert.deepEqual(head.Metadata, { m: '1' });
    const body = await streamToBuffer((await s3.send(new GetObjectCommand({ Bucket, Key: 'big/object.bin' }))).Body);
    assert.ok(body.equals(Buffer.concat([part1, part2])));
    assert.equal((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads, undefined);
    const second = await s3.send(new GetObjectCommand({ Bucket, Key: 'big/object.bin', PartNumber: 2 }));
    assert.equal(second.PartsCount, 2);
    assert.equal(second.ContentRange, `bytes ${5 * MB}-${6 * MB - 1}/${6 * MB}`);
    assert.ok((await streamToBuffer(second.Body)).equals(part2));
    const headPart = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/object.bin', PartNumber: 1 }));
    assert.equal(headPart.ContentLength, 5 * MB);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'big/object.bin', PartNumber: 3 })))).status, 416);
    const attributes = await s3.send(
      new GetObjectAttributesCommand({ Bucket, Key: 'big/object.bin', ObjectAttributes: ['ETag', 'ObjectParts', 'ObjectSize', 'StorageClass'] }),
    );
    assert.equal(`"${attributes.ETag}"`, expectedEtag);
    assert.equal(attributes.ObjectSize, 6 * MB);
    assert.equal(attributes.StorageClass, 'STANDARD');
    assert.equal(attributes.ObjectParts?.TotalPartsCount, 2);
    // CopyObject writes a single-part object: a plain MD5 ETag and no parts.
    const copy = await s3.send(new CopyObjectCommand({ Bucket, Key: 'big/copy.bin', CopySource: `${Bucket}/big/object.bin` }));
    const plainEtag = `"${md5(Buffer.concat([part1, part2])).toString('hex')}"`;
    assert.equal(copy.CopyObjectResult?.ETag, plainEtag);
    const copyHead = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/copy.bin', PartNumber: 1 }));
    assert.equal(copyHead.ETag, plainEtag);
    assert.equal(copyHead.PartsCount, undefined);
    assert.equal(copyHead.ContentLength, 6 * MB);
    // A single-part object is its own part 1, served as a range of the whole object.
    assert.equal(copyHead.$metadata.httpStatusCode, 206);
    assert.equal(copyHead.ContentRange, `bytes 0-${6 * MB - 1}/${6 * MB}`);
    const both = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'big/object.bin', PartNumber: 1, Range: 'bytes=0-1' })));
    assert.equal(both.name, 'InvalidRequest');
    assert.equal(both.message, 'Cannot specify both Range header and partNumber query parameter');
  });

  test('a part below 5 MB that is not the last is EntityTooSmall', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'small', ChecksumAlgorithm: undefined }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key: 'small', UploadId, PartNumber: 1, Body: part2 }));
    const b = await s3.send(new UploadPartCommand({ Bucket, Key: 'small', UploadId, PartNumber: 2, Body: part2 }));
    const err = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'small',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: a.ETag },
              { PartNumber: 2, ETag: b.ETag },
            ],
          },
        }),
      ),
    );
    assert.equal(err.name, 'EntityTooSmall');
    assert.equal(err.message, 'Your proposed upload is smaller than the minimum allowed object size.');
    assert.equal(err.status, 400);
  });

  test('a wrong part ETag is InvalidPart and out-of-order parts are InvalidPartOrder', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'wrong' }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key: 'wrong', UploadId, PartNumber: 1, Body: part1 }));
    const b = await s3.send(new UploadPartCommand({ Bucket, Key: 'wrong', UploadId, PartNumber: 2, Body: part2 }));
    const invalid = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'wrong',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] },
        }),
      ),
    );
    assert.equal(invalid.name, 'InvalidPart');
    assert.match(invalid.message, /^One or more of the specified parts could not be found/);
    const order = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'wrong',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: b.ETag },
              { PartNumber: 1, ETag: a.ETag },
            ],
          },
        }),
      ),
    );
    assert.equal(order.name, 'InvalidPartOrder');
    const badNumber = await s3Error(s3.send(new UploadPartCommand({ Bucket, Key: 'wrong', UploadId, PartNumber: 10001, Body: 'x' })));
    assert.equal(badNumber.name, 'InvalidArgument');
  });

  test('CompleteMultipartUpload honours If-None-Match * and leaves the upload in place when it fails', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'exists', Body: 'already' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'exists' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'exists', UploadId, PartNumber: 1, Body: 'new' }));
    const complete = { Bucket, Key: 'exists', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] } };
    const err = await s3Error(s3.send(new CompleteMultipartUploadCommand({ ...complete, IfNoneMatch: '*' })));
    assert.equal(err.name, 'PreconditionFailed');
    assert.equal(err.status, 412);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'exists' }));
    assert.equal(head.ContentLength, 'already'.length);
    const done = await s3.send(new CompleteMultipartUploadCommand({ ...complete, IfMatch: head.ETag }));
    assert.match(done.ETag ?? '', /-1"$/);
  });

  test('ListMultipartUploads rolls keys up into CommonPrefixes with a delimiter and pages through uploads of one key', async () => {
    const Bucket = 'multipart-listing';
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of ['logs/a', 'logs/b', 'same', 'same', 'top']) await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const rolled = await s3.send(new ListMultipartUploadsCommand({ Bucket, Delimiter: '/' }));
    assert.deepEqual(
      rolled.CommonPrefixes?.map((p) => p.Prefix),
      ['logs/'],
    );
    assert.deepEqual(
      rolled.Uploads?.map((u) => u.Key),
      ['same', 'same', 'top'],
    );
    assert.equal(rolled.Delimiter, '/');
    const seen: string[] = [];
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(new ListMultipartUploadsCommand({ Bucket, MaxUploads: 1, ...markers }));
      seen.push(...(res.Uploads ?? []).map((u) => `${u.Key}/${u.UploadId}`));
      if (!res.IsTruncated) break;
      markers = { KeyMarker: res.NextKeyMarker, UploadIdMarker: res.NextUploadIdMarker };
    }
    assert.equal(new Set(seen).size, 5);
  });

  test('an aborted upload is gone: its parts and its completion are NoSuchUpload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'aborted' }));
    await s3.send(new UploadPartCommand({ Bucket, Key: 'aborted', UploadId, PartNumber: 1, Body: 'x' }));
    const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'aborted', UploadId }));
    assert.equal(aborted.$metadata.httpStatusCode, 204);
    const err = await s3Error(s3.send(new ListPartsCommand({ Bucket, Key: 'aborted', UploadId })));
    assert.equal(err.name, 'NoSuchUpload');
    assert.equal(err.status, 404);
    assert.equal(err.message, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    assert.equal((await s3Error(s3.send(new UploadPartCommand({ Bucket, Key: 'aborted', UploadId, PartNumber: 1, Body: 'x' })))).name, 'NoSuchUpload');
  });

  test('parts can be copied from ranges of existing objects', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'copy-src', Body: Buffer.concat([part1, part2]) }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'copied' }));
    const c1 = await s3.send(
      new UploadPartCopyCommand({ Bucket, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${Bucket}/copy-src`, CopySourceRange: `bytes=0-${5 * MB - 1}` }),
    );
    const c2 = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'copied',
        UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/copy-src`,
        CopySourceRange: `bytes=${5 * MB}-${6 * MB - 1}`,
      }),
    );
    assert.equal(c1.CopyPartResult?.ETag, `"${md5(part1).toString('hex')}"`);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'copied',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: c1.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: c2.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const body = await streamToBuffer((await s3.send(new GetObjectCommand({ Bucket, Key: 'copied' }))).Body);
    assert.ok(body.equals(Buffer.concat([part1, part2])));
  });

  test('a CRC32 multipart upload gets a composite checksum of its parts', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'crc', ChecksumAlgorithm: 'CRC32' }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key: 'crc', UploadId, PartNumber: 1, Body: part1, ChecksumAlgorithm: 'CRC32' }));
    const b = await s3.send(new UploadPartCommand({ Bucket, Key: 'crc', UploadId, PartNumber: 2, Body: part2, ChecksumAlgorithm: 'CRC32' }));
    assert.ok(a.ChecksumCRC32 && b.ChecksumCRC32);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'crc',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.ETag, ChecksumCRC32: a.ChecksumCRC32 },
            { PartNumber: 2, ETag: b.ETag, ChecksumCRC32: b.ChecksumCRC32 },
          ],
        },
      }),
    );
    assert.match(done.ChecksumCRC32 ?? '', /^[A-Za-z0-9+/]{6}==-2$/);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'crc', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32, done.ChecksumCRC32);
    assert.equal((await streamToBuffer(got.Body)).length, 6 * MB);
    const copy = await s3.send(new CopyObjectCommand({ Bucket, Key: 'crc-copy', CopySource: `${Bucket}/crc` }));
    assert.equal(copy.CopyObjectResult?.ChecksumType, 'FULL_OBJECT');
    const whole = Buffer.alloc(4);
    whole.writeUInt32BE(zlib.crc32(Buffer.concat([part1, part2])));
    assert.equal(copy.CopyObjectResult?.ChecksumCRC32, whole.toString('base64'));
  });
});
