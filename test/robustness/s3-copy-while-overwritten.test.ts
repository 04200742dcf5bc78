import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client } from '../s3/helpers.js';
import { BlobStore } from '../../src/store/blob-store.js';

const ROUNDS = 30;
/** Writers and readers racing in each round. */
const WIDTH = 6;

describe('reading an object while it is being overwritten', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, (url) => s3Client(url));

  test('CopyObject and GetObject see the old or the new object, never NoSuchKey nor a broken body', async () => {
    const Bucket = 'copy-race';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const bodies = Array.from({ length: ROUNDS + 1 }, (_, i) => `version ${i} `.repeat(200 + i));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: bodies[0] }));
    const failures: string[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const old = bodies[i - 1]!;
      const next = bodies[i]!;
      const lanes = Array.from({ length: WIDTH }, (_, lane) => lane);
      const results = await Promise.allSettled([
        ...lanes.map(() => s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: next }))),
        ...lanes.map((lane) => s3.send(new CopyObjectCommand({ Bucket, Key: `dst-${i}-${lane}`, CopySource: `${Bucket}/src` })).then(() => `dst-${i}-${lane}`)),
        ...lanes.map(() => s3.send(new GetObjectCommand({ Bucket, Key: 'src' })).then((r) => r.Body!.transformToString())),
      ]);
      const copies = results.slice(WIDTH, 2 * WIDTH);
      const reads = results.slice(2 * WIDTH);
      for (const copied of copies) {
        if (copied.status === 'rejected') failures.push(`copy ${i}: ${(copied.reason as Error).name}`);
        else {
          const text = await (await s3.send(new GetObjectCommand({ Bucket, Key: copied.value as string }))).Body!.transformToString();
          if (text !== old && text !== next) failures.push(`copy ${i}: neither old nor new (${text.length} bytes)`);
        }
      }
      for (const read of reads) {
        if (read.status === 'rejected') failures.push(`get ${i}: ${(read.reason as Error).name}`);
        else if (read.value !== old && read.value !== next) failures.push(`get ${i}: neither old nor new (${(read.value as string).length} bytes)`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe('BlobStore.openRead', () => {
  test('a blob opened for reading stays readable when it is deleted before the read starts', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-blobs-'));
    try {
      const blobs = new BlobStore(root);
      const { id } = await blobs.write(Buffer.from('the old object'));
      const opened = blobs.openRead(id);
      await blobs.delete(id);
      assert.equal(Buffer.concat(await opened.toArray()).toString(), 'the old object');
      assert.throws(() => blobs.openRead(id), { code: 'ENOENT' }, 'a blob already gone fails at once, not mid-response');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
