import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { nodeSdkDir } from '../../src/engine/node-sdk.js';
import { isSealedIntact, privateCacheDir, sealTree, verifiedLinkDir } from '../../src/engine/private-cache.js';

const nodeModules = path.resolve('node_modules');
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
const modeOf = (dir: string) => fs.statSync(dir).mode & 0o777;

describe('SDK bundle caches are private and verified', () => {
  after(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a bundle planted at the old predictable temp path is never used', async () => {
    const id = createHash('sha256').update(nodeModules).digest('hex').slice(0, 16);
    const planted = path.join(os.tmpdir(), `tributary-node-sdk-${id}`, 'node_modules');
    const existed = fs.existsSync(planted);
    const root = path.join(temp('tributary-cache-test-'), 'tributary');
    const dir = await nodeSdkDir([nodeModules], root);
    assert.ok(dir, 'a bundle is made');
    assert.ok(dir.startsWith(root + path.sep), `${dir} is under the private cache root`);
    assert.notEqual(dir, planted);
    assert.equal(fs.realpathSync(path.join(dir, '@aws-sdk')), fs.realpathSync(path.join(nodeModules, '@aws-sdk')));
    assert.equal(modeOf(root), 0o700);
    assert.equal(modeOf(path.dirname(dir)), 0o700);
    if (!existed) assert.equal(fs.existsSync(planted), false, 'nothing is written to the shared temp path');
  });

  test('a tampered bundle in the cache (a link elsewhere, an extra package) is rebuilt before use', async () => {
    const root = path.join(temp('tributary-cache-test-'), 'tributary');
    const id = createHash('sha256').update(nodeModules).digest('hex').slice(0, 16);
    const evil = temp('tributary-evil-');
    fs.mkdirSync(path.join(evil, 'client-s3'), { recursive: true });
    const bundle = path.join(root, `node-sdk-${id}`, 'node_modules');
    fs.mkdirSync(bundle, { recursive: true });
    fs.symlinkSync(evil, path.join(bundle, '@aws-sdk'));
    fs.mkdirSync(path.join(bundle, 'left-pad'));
    const dir = await nodeSdkDir([nodeModules], root);
    assert.equal(dir, bundle);
    assert.equal(fs.readlinkSync(path.join(dir, '@aws-sdk')), path.join(nodeModules, '@aws-sdk'));
    assert.equal(fs.existsSync(path.join(dir, 'left-pad')), false);
  });

  test('a cache directory open to others is closed to 0700', async () => {
    const root = path.join(temp('tributary-cache-test-'), 'tributary');
    fs.mkdirSync(path.join(root, 'x'), { recursive: true });
    fs.chmodSync(root, 0o777);
    fs.chmodSync(path.join(root, 'x'), 0o777);
    const dir = await privateCacheDir('x', root);
    assert.equal(modeOf(root), 0o700);
    assert.equal(modeOf(dir), 0o700);
  });

  test('a cache root that is a link is not trusted: a private temp directory is used instead', async () => {
    const base = temp('tributary-cache-test-');
    fs.symlinkSync(temp('tributary-elsewhere-'), path.join(base, 'tributary'));
    const dir = await privateCacheDir('y', path.join(base, 'tributary'));
    assert.ok(!dir.startsWith(path.join(base, 'tributary')), dir);
    assert.equal(modeOf(dir), 0o700);
  });

  test('verifiedLinkDir keeps an exact directory and replaces one with anything else in it', async () => {
    const dir = path.join(temp('tributary-links-'), 'bundle');
    const manifest = new Map([['a', '/nonexistent/a']]);
    await verifiedLinkDir(dir, manifest);
    const inode = fs.lstatSync(dir).ino;
    await verifiedLinkDir(dir, manifest);
    assert.equal(fs.lstatSync(dir).ino, inode, 'an intact directory is kept');
    fs.writeFileSync(path.join(dir, 'b'), 'planted');
    await verifiedLinkDir(dir, manifest);
    assert.deepEqual(fs.readdirSync(dir), ['a']);
  });

  test('an installed tree is used only while it hashes to what was sealed', async () => {
    const dir = temp('tributary-tree-');
    fs.mkdirSync(path.join(dir, 'boto3'));
    fs.writeFileSync(path.join(dir, 'boto3', '__init__.py'), 'print("real")\n');
    assert.equal(await isSealedIntact(dir), false, 'an unsealed tree is not trusted');
    await sealTree(dir);
    assert.equal(await isSealedIntact(dir), true);
    fs.writeFileSync(path.join(dir, 'boto3', '__init__.py'), 'print("evil")\n');
    assert.equal(await isSealedIntact(dir), false, 'changed content');
    fs.writeFileSync(path.join(dir, 'boto3', '__init__.py'), 'print("real")\n');
    assert.equal(await isSealedIntact(dir), true);
    fs.writeFileSync(path.join(dir, 'sitecustomize.py'), 'import os\n');
    assert.equal(await isSealedIntact(dir), false, 'an added file');
  });
});
