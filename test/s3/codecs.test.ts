import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsChunkedDecoder } from '../../src/services/s3/aws-chunked.js';
import { bucketFromHost, resolveAddress } from '../../src/services/s3/addressing.js';
import { encodeEventKey } from '../../src/services/s3/notifications/record.js';
import { eventMatches } from '../../src/services/s3/notifications/config.js';

async function decode(pieces: string[]): Promise<{ body: string; trailers: Record<string, string> }> {
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  for (const piece of pieces) decoder.write(Buffer.from(piece, 'latin1'));
  decoder.end();
  await done;
  return { body: Buffer.concat(out).toString('latin1'), trailers: decoder.trailers };
}

describe('aws-chunked decoding', () => {
  test('signed chunks lose their signatures and framing, however the bytes are split', async () => {
    const sig = 'a'.repeat(64);
    const wire = `5;chunk-signature=${sig}\r\nhello\r\n6;chunk-signature=${sig}\r\n world\r\n0;chunk-signature=${sig}\r\n\r\n`;
    assert.deepEqual(await decode([wire]), { body: 'hello world', trailers: {} });
    const split = wire.split('').map((c) => c);
    assert.equal((await decode(split)).body, 'hello world');
  });

  test('unsigned chunks with a trailing checksum expose the trailer', async () => {
    const wire = 'b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:abc\r\n\r\n';
    assert.deepEqual(await decode([wire.slice(0, 7), wire.slice(7, 20), wire.slice(20)]), {
      body: 'hello world',
      trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==', 'x-amz-trailer-signature': 'abc' },
    });
  });

  test('a body cut short is an error', async () => {
    await assert.rejects(decode(['b\r\nhello']), /terminated unexpectedly/);
  });
});

describe('S3 addressing', () => {
  test('virtual-hosted names are read from the host; IPs and bare hosts are path style', () => {
    assert.equal(bucketFromHost('photos.localhost:4566'), 'photos');
    assert.equal(bucketFromHost('my.dotted.bucket.s3.localhost:4566'), 'my.dotted.bucket');
    assert.equal(bucketFromHost('photos.s3.us-east-1.amazonaws.com'), 'photos');
    assert.equal(bucketFromHost('photos.s3.localhost.localstack.cloud:4566'), 'photos');
    assert.equal(bucketFromHost('s3.localhost.localstack.cloud:4566'), undefined);
    assert.equal(bucketFromHost('s3.amazonaws.com'), undefined);
    assert.equal(bucketFromHost('localhost:4566'), undefined);
    assert.equal(bucketFromHost('127.0.0.1:4566'), undefined);
  });

  test('keys come from the raw path, decoded once', () => {
    assert.deepEqual(resolveAddress('127.0.0.1', '/b/a%20b/../c//d?x=1'), { bucket: 'b', key: 'a b/../c//d' });
    assert.deepEqual(resolveAddress('b.localhost', '/k%2Bplus+'), { bucket: 'b', key: 'k+plus+' });
    assert.deepEqual(resolveAddress('127.0.0.1', '/b/'), { bucket: 'b', key: undefined });
    assert.deepEqual(resolveAddress('127.0.0.1', '/'), {});
  });
});

describe('S3 event record details', () => {
  test('keys are form-encoded with slashes kept', () => {
    assert.equal(encodeEventKey('images/red flower.jpg'), 'images/red+flower.jpg');
    assert.equal(encodeEventKey('a@b+c=d&e'), 'a%40b%2Bc%3Dd%26e');
    assert.equal(encodeEventKey('été/日本.png'), '%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC.png');
    assert.equal(encodeEventKey('safe-_.*chars'), 'safe-_.*chars');
  });

  test('wildcard event types cover their family only', () => {
    assert.ok(eventMatches('s3:ObjectCreated:*', 'ObjectCreated:Put'));
    assert.ok(eventMatches('s3:ObjectCreated:Put', 'ObjectCreated:Put'));
    assert.ok(!eventMatches('s3:ObjectCreated:Post', 'ObjectCreated:Put'));
    assert.ok(!eventMatches('s3:ObjectRemoved:*', 'ObjectCreated:Put'));
    assert.ok(eventMatches('s3:ObjectRestore:*', 'ObjectRestore:Completed'));
  });
});
