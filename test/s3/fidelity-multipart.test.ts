/**
 * Multipart and checksum answers as AWS gives them (issue 11): part reads with their checksums,
 * GetObjectAttributes paging over parts, a wrong final checksum, copy ranges past the source.
 * Sources: AWS S3 API reference (GetObject partNumber, GetObjectAttributes, UploadPartCopy,
 * CompleteMultipartUpload) and the error shapes AWS-validated suites record.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client, s3Error } from './helpers.js';

const MiB = 1024 * 1024;

describe('S3 fidelity: multipart and checksums', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'fidelity-multipart';
  const part1 = Buffer.alloc(5 * MiB, 'a');
  const part2 = Buffer.from('the second and last part');
  let checksums: [string, string];
  let objectChecksum: string;

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'two-parts', ChecksumAlgorithm: 'CRC32' }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key: 'two-parts', UploadId, PartNumber: 1, Body: part1, ChecksumAlgorithm: 'CRC32' }));
    const b = await s3.send(new UploadPartCommand({ Bucket, Key: 'two-parts', UploadId, PartNumber: 2, Body: part2, ChecksumAlgorithm: 'CRC32' }));
    checksums = [a.ChecksumCRC32!, b.ChecksumCRC32!];
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'two-parts',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.ETag, ChecksumCRC32: a.ChecksumCRC32 },
            { PartNumber: 2, ETag: b.ETag, ChecksumCRC32: b.ChecksumCRC32 },
          ],
        },
      }),
    );
    objectChecksum = done.ChecksumCRC32!;
  });

  test('GET with partNumber returns that part with its own checksum and the checksum type', async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'two-parts', PartNumber: 2, ChecksumMode: 'ENABLED' }));
    assert.equal(await got.Body!.transformToString(), part2.toString());
    assert.equal(got.ChecksumCRC32, checksums[1]);
    assert.equal(got.ChecksumType, 'COMPOSITE');
    assert.equal(got.PartsCount, 2);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'two-parts', PartNumber: 1, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, checksums[0]);
    assert.equal(head.ContentLength, part1.length);
    const whole = await s3.send(new HeadObjectCommand({ Bucket, Key: 'two-parts', ChecksumMode: 'ENABLED' }));
    assert.equal(whole.ChecksumCRC32, objectChecksum);
  });

  test('a partNumber past the last part is 416 InvalidPartNumber', async () => {
    const err = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'two-parts', PartNumber: 3 })));
    assert.equal(err.name, 'InvalidPartNumber');
    assert.equal(err.status, 416);
    assert.equal(err.message, 'The requested partnumber is not satisfiable');
  });

  test('GetObjectAttributes pages parts by x-amz-max-parts and the marker, each part with its checksum', async () => {
    const first = await s3.send(new GetObjectAttributesCommand({ Bucket, Key: 'two-parts', ObjectAttributes: ['ObjectParts', 'Checksum'], MaxParts: 1 }));
    assert.ok(first.Checksum?.ChecksumCRC32?.startsWith(objectChecksum.replace(/-2$/, '')));
    assert.equal(first.Checksum?.ChecksumType, 'COMPOSITE');
    assert.equal(first.ObjectParts?.TotalPartsCount, 2);
    assert.equal(first.ObjectParts?.MaxParts, 1);
    assert.equal(first.ObjectParts?.IsTruncated, true);
    assert.equal(first.ObjectParts?.NextPartNumberMarker, '1');
    assert.deepEqual(first.ObjectParts?.Parts, [{ PartNumber: 1, Size: part1.length, ChecksumCRC32: checksums[0] }]);
    const rest = await s3.send(
      new GetObjectAttributesCommand({ Bucket, Key: 'two-parts', ObjectAttributes: ['ObjectParts'], MaxParts: 1, PartNumberMarker: '1' }),
    );
    assert.equal(rest.ObjectParts?.IsTruncated, false);
    assert.equal(rest.ObjectParts?.PartNumberMarker, '1');
    assert.deepEqual(rest.ObjectParts?.Parts, [{ PartNumber: 2, Size: part2.length, ChecksumCRC32: checksums[1] }]);
  });

  test('CompleteMultipartUpload with a full-object checksum that does not match is BadDigest, and the upload stays', async () => {
    const Key = 'bad-final';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'only part', ChecksumAlgorithm: 'CRC32' }));
    const parts = { Parts: [{ PartNumber: 1, ETag: a.ETag, ChecksumCRC32: a.ChecksumCRC32 }] };
    const err = await s3Error(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: parts, ChecksumCRC32: 'AAAAAA==', ChecksumType: 'FULL_OBJECT' })),
    );
    assert.equal(err.name, 'BadDigest');
    assert.equal(err.status, 400);
    assert.equal(err.message, 'The CRC32 you specified did not match the calculated checksum.');
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: parts, ChecksumCRC32: a.ChecksumCRC32, ChecksumType: 'FULL_OBJECT' }),
    );
    assert.equal(done.ChecksumCRC32, a.ChecksumCRC32);
  });

  test('UploadPartCopy with a range past the end of the source is InvalidArgument naming the header', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'ten-bytes', Body: '0123456789' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'copied' }));
    const err = await s3Error(
      s3.send(new UploadPartCopyCommand({ Bucket, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${Bucket}/ten-bytes`, CopySourceRange: 'bytes=5-10' })),
    );
    assert.equal(err.name, 'InvalidArgument');
    assert.equal(err.status, 400);
    assert.equal(err.message, 'Range specified is not valid for source object of size: 10');
    assert.equal(err.error.ArgumentName, 'x-amz-copy-source-range');
    assert.equal(err.error.ArgumentValue, 'bytes=5-10');
    const ok = await s3.send(
      new UploadPartCopyCommand({ Bucket, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${Bucket}/ten-bytes`, CopySourceRange: 'bytes=5-9' }),
    );
    assert.ok(ok.CopyPartResult?.ETag);
  });

  test('CompleteMultipartUpload naming a part that was never uploaded is InvalidPart with the part number', async () => {
    const Key = 'missing-part';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' }));
    const err = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: a.ETag },
              { PartNumber: 2, ETag: a.ETag },
            ],
          },
        }),
      ),
    );
    assert.equal(err.name, 'InvalidPart');
    assert.equal(err.status, 400);
    assert.equal(err.error.PartNumber, '2');
  });
});
