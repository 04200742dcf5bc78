import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tributaryPerSuite } from '../support/suite.js';
import { run } from './helpers.js';

describe('S3 through the AWS CLI and boto3', () => {
  const t = tributaryPerSuite();
  let work: string;
  const aws = (...args: string[]) =>
    run('aws', ['--endpoint-url', t.url, ...args, ...(args[0] === 's3' && ['cp', 'sync', 'rm', 'mv'].includes(args[1]!) ? ['--only-show-errors'] : [])]);

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 's3-cli-'));
  });
  after(async () => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('aws s3 mb, cp, ls, sync, rm and rb work end to end', async () => {
    const src = path.join(work, 'site');
    fs.mkdirSync(path.join(src, 'css'), { recursive: true });
    fs.writeFileSync(path.join(src, 'index.html'), '<h1>hi</h1>');
    fs.writeFileSync(path.join(src, 'css', 'main.css'), 'body{}');
    fs.writeFileSync(path.join(work, 'big.bin'), Buffer.alloc(9 * 1024 * 1024, 3));

    assert.equal((await aws('s3', 'mb', 's3://cli-bucket')).code, 0);
    // 9 MB crosses the CLI's 8 MB multipart threshold.
    const cp = await aws('s3', 'cp', path.join(work, 'big.bin'), 's3://cli-bucket/big.bin');
    assert.equal(cp.code, 0, cp.stderr);
    const sync = await aws('s3', 'sync', src, 's3://cli-bucket/site');
    assert.equal(sync.code, 0, sync.stderr);
    const listing = (await aws('s3', 'ls', 's3://cli-bucket/site/')).stdout;
    assert.match(listing, /PRE css\//);
    assert.match(listing, /\s11 index\.html/);
    const recursive = (await aws('s3', 'ls', '--recursive', 's3://cli-bucket')).stdout;
    assert.match(recursive, /9437184 big\.bin/);
    assert.match(recursive, /site\/css\/main\.css/);
    // A second sync finds nothing to do.
    const again = await run('aws', ['--endpoint-url', t.url, 's3', 'sync', src, 's3://cli-bucket/site']);
    assert.equal(again.stdout.trim(), '');
    const back = path.join(work, 'back.bin');
    assert.equal((await aws('s3', 'cp', 's3://cli-bucket/big.bin', back)).code, 0);
    assert.ok(fs.readFileSync(back).equals(fs.readFileSync(path.join(work, 'big.bin'))));
    const rb = await aws('s3', 'rb', 's3://cli-bucket');
    assert.notEqual(rb.code, 0);
    assert.match(rb.stderr, /BucketNotEmpty/);
    const forced = await aws('s3', 'rb', '--force', 's3://cli-bucket');
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /delete: s3:\/\/cli-bucket\/site\/index\.html/);
    assert.doesNotMatch((await aws('s3', 'ls')).stdout, /cli-bucket/);
  });

  test('aws s3api reports AWS error codes', async () => {
    const head = await aws('s3api', 'get-object', '--bucket', 'nope-bucket', '--key', 'k', path.join(work, 'out'));
    assert.notEqual(head.code, 0);
    assert.match(head.stderr, /NoSuchBucket/);
  });

  test('boto3 uploads, lists, downloads, presigns and posts as users write it', async () => {
    const script = `
import boto3, json, os, sys, urllib.request
from boto3.s3.transfer import TransferConfig
endpoint = sys.argv[1]
work = sys.argv[2]
s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1')
s3.create_bucket(Bucket='boto-bucket')
s3.put_object(Bucket='boto-bucket', Key='a/b.txt', Body=b'hello boto', Metadata={'k': 'v'})
got = s3.get_object(Bucket='boto-bucket', Key='a/b.txt')
assert got['Body'].read() == b'hello boto'
assert got['Metadata'] == {'k': 'v'}
big = os.path.join(work, 'boto-big.bin')
with open(big, 'wb') as f:
    f.write(os.urandom(6 * 1024 * 1024))
s3.upload_file(big, 'boto-bucket', 'big.bin', Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
s3.download_file('boto-bucket', 'big.bin', big + '.back')
assert open(big, 'rb').read() == open(big + '.back', 'rb').read()
head = s3.head_object(Bucket='boto-bucket', Key='big.bin')
assert head['ETag'].endswith('-2"'), head['ETag']
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='boto-bucket')['Contents']]
assert keys == ['a/b.txt', 'big.bin'], keys
url = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-bucket', 'Key': 'a/b.txt'}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == b'hello boto'
post = s3.generate_presigned_post('boto-bucket', 'posted/${'$'}{filename}')
import requests
r = requests.post(post['url'], data=post['fields'], files={'file': ('hello.txt', b'posted via form')})
assert r.status_code == 204, (r.status_code, r.text)
assert s3.get_object(Bucket='boto-bucket', Key='posted/hello.txt')['Body'].read() == b'posted via form'
limited = s3.generate_presigned_post('boto-bucket', 'limited.txt', Conditions=[['content-length-range', 1, 4]])
r = requests.post(limited['url'], data=limited['fields'], files={'file': ('x', b'too long')})
assert r.status_code == 400 and '<Code>EntityTooLarge</Code>' in r.text, (r.status_code, r.text)
r = requests.post(limited['url'], data={**limited['fields'], 'x-amz-meta-extra': 'v'}, files={'file': ('x', b'ok')})
assert r.status_code == 403 and 'Extra input fields: x-amz-meta-extra' in r.text, (r.status_code, r.text)
r = requests.post(limited['url'], data={**limited['fields'], 'key': 'elsewhere.txt'}, files={'file': ('x', b'ok')})
assert r.status_code == 403 and 'Policy Condition failed' in r.text, (r.status_code, r.text)
expired = s3.generate_presigned_post('boto-bucket', 'late.txt', ExpiresIn=-60)
r = requests.post(expired['url'], data=expired['fields'], files={'file': ('x', b'ok')})
assert r.status_code == 403 and 'Policy expired.' in r.text, (r.status_code, r.text)
try:
    s3.get_object(Bucket='boto-bucket', Key='missing')
    raise SystemExit('expected NoSuchKey')
except s3.exceptions.NoSuchKey as e:
    assert e.response['Error']['Message'] == 'The specified key does not exist.'
deleted = s3.delete_objects(Bucket='boto-bucket', Delete={'Objects': [{'Key': k} for k in keys + ['posted/hello.txt']]})
assert len(deleted['Deleted']) == 3
s3.delete_bucket(Bucket='boto-bucket')
print('ok')
`;
    const out = await run('python3', ['-c', script, t.url, work]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'ok');
  });
});
