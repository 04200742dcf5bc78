import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { s3Client } from './helpers.js';

const MB = 1024 * 1024;

/** `total` bytes of a repeating pattern, produced as they are read (never held whole). */
function generated(total: number, hash?: ReturnType<typeof createHash>): Readable {
  const block = Buffer.alloc(MB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) & 0xff;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = block.subarray(0, Math.min(MB, total - sent));
      sent += chunk.length;
      hash?.update(chunk);
      this.push(chunk);
    },
  });
}

/** Samples this process's RSS while `work` runs; returns the peak growth in bytes. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - base;
}

describe('S3 streaming bodies', () => {
  const t = tributaryPerSuite();
  const s3 = clientPerSuite(t, s3Client);
  const Bucket = 'streams';

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  });

  test('a 200 MB upload and download stream through without growing memory by their size', async () => {
    const size = 200 * MB;
    const sentHash = createHash('md5');
    const { port } = new URL(t.url);
    const growth = await peakRssGrowth(async () => {
      await new Promise<void>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/${Bucket}/large.bin`, headers: { 'Content-Length': size } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on('error', reject);
        generated(size, sentHash).pipe(req);
      });
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'large.bin' }));
      const receivedHash = createHash('md5');
      let received = 0;
      for await (const chunk of got.Body as Readable) {
        receivedHash.update(chunk);
        received += chunk.length;
      }
      assert.equal(received, size);
      assert.equal(receivedHash.digest('hex'), sentHash.copy().digest('hex'));
    });
    assert.ok(growth < 96 * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'large.bin' }));
    assert.equal(head.ContentLength, size);
    assert.equal(head.ETag, `"${sentHash.digest('hex')}"`);
  });

  test('a chunked PUT of unknown length is NotImplemented (501) and a PUT with no length at all is MissingContentLength (411)', async () => {
    const { port } = new URL(t.url);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/${Bucket}/unsized` }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write('some bytes of unknown total length');
      req.end();
    });
    assert.equal(status, 501);
    assert.match(
      body,
      /<Code>NotImplemented<\/Code><Message>A header you provided implies functionality that is not implemented<\/Message><Header>Transfer-Encoding<\/Header>/,
    );
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`PUT /${Bucket}/unsized HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 411 /);
    assert.match(raw, /<Code>MissingContentLength<\/Code><Message>You must provide the Content-Length HTTP header.<\/Message>/);
  });

  test('a streamed SDK upload (aws-chunked with a trailing checksum) is stored without chunk framing', async () => {
    const size = 12 * MB + 5;
    const hash = createHash('md5');
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'chunked.bin', Body: generated(size, hash), ContentLength: size }));
    const expected = hash.digest('hex');
    assert.equal(put.ETag, `"${expected}"`);
    assert.ok(put.ChecksumCRC32);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'chunked.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ContentLength, size);
    assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
    const back = createHash('md5');
    for await (const chunk of got.Body as Readable) back.update(chunk);
    assert.equal(back.digest('hex'), expected);
  });
});
