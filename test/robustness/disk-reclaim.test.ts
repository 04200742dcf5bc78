import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../src/clock.js';
import { ROLE, tempDir, zipOf } from '../support/functions.js';
import { clientConfig, eventually, startTributary } from '../support/tributary.js';
import { s3Client } from '../s3/helpers.js';

const dirs: string[] = [];
const fresh = (prefix: string) => {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
};
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];

describe('disk is reclaimed', () => {
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('object files no row refers to (a write killed before its commit) are removed at start', async () => {
    const dataDir = fresh('tributary-reclaim-s3-');
    let t = await startTributary({ dataDir });
    let s3 = s3Client(t.url);
    await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
    await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'k', Body: 'still here' }));
    s3.destroy();
    await t.stop();
    const objects = path.join(dataDir, 's3', 'objects');
    const orphan = path.join(objects, 'ab', 'ab0c2f9e-8d9b-4c53-9d3c-3f2b1c0d9e8f');
    const tmp = path.join(objects, '.tmp', 'half-written.123.tmp');
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, 'nobody refers to me');
    fs.writeFileSync(tmp, 'interrupted');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(orphan, old, old);
    fs.utimesSync(tmp, old, old);
    t = await startTributary({ dataDir });
    s3 = s3Client(t.url);
    try {
      await eventually(() => (fs.existsSync(orphan) || fs.existsSync(tmp) ? undefined : true), 10_000, 'the orphan files to be removed');
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'k' }))).Body!.transformToString();
      assert.equal(body, 'still here');
    } finally {
      s3.destroy();
      await t.stop();
    }
  });

  test('replaced and deleted code packages are removed once no instance can still run them, without a restart', async () => {
    const clock = new ManualClock();
    const dataDir = fresh('tributary-reclaim-lambda-');
    const t = await startTributary({ dataDir, clock });
    const lambda = new LambdaClient(clientConfig(t.url));
    try {
      const code = (n: number) => zipOf({ 'index.js': `exports.handler = async () => ${n};` });
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: 'reclaimed', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: code(1) } }),
      );
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'reclaimed', ZipFile: code(2) }));
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: 'deleted', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: code(3) } }),
      );
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'deleted' }));
      const packages = path.join(dataDir, 'lambda', 'packages');
      assert.equal(filesUnder(packages).length, 3, 'every package is kept while an instance may run it');
      clock.advance(17 * 60_000);
      assert.equal(filesUnder(packages).length, 1, 'only the current code of `reclaimed` remains');
    } finally {
      lambda.destroy();
      await t.stop();
    }
  });
});
