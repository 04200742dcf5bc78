import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { rawRequest } from '../support/raw-http.js';

/** Connects, writes `bytes`, and resolves with how the server ended the connection (bounded). */
function holdOpen(endpoint: string, bytes: string, boundMs = 10_000): Promise<{ closedByServer: boolean; reply: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let reply = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, boundMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c) => (reply += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closedByServer: !timedOut, reply });
    });
  });
}

function connected(endpoint: string): Promise<net.Socket> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('slow clients are timed out', () => {
  const t = tributaryPerSuite({ config: { headersTimeoutMs: 400, bodyIdleMs: 400 } });
  const sqs = clientPerSuite(t, (url) => new SQSClient(clientConfig(url)));

  test('a client that never finishes its headers is disconnected', async () => {
    const ended = await holdOpen(t.url, 'GET /_tributary/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    assert.ok(ended.closedByServer, 'the server kept a slow-header connection open');
  });

  test('a body that stops arriving is disconnected', async () => {
    const ended = await holdOpen(t.url, 'PUT /slow-bucket HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789');
    assert.ok(ended.closedByServer, 'the server kept a stalled body open');
  });

  test('waiting for an answer is not idleness: a long poll outlasts both timeouts', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    assert.equal(received.Messages, undefined);
  });
});

describe('one client cannot take every connection', () => {
  const t = tributaryPerSuite({ config: { maxConnectionsPerClient: 5 } });

  test('connections beyond the per-client cap are closed; the cap frees as connections end', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => connected(t.url)));
    const extra = await holdOpen(t.url, 'GET /_tributary/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    assert.ok(extra.closedByServer);
    assert.equal(extra.reply, '');
    await Promise.all(held.map((s) => new Promise<void>((r) => s.end(() => r()))));
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = await rawRequest(t.url, { path: '/_tributary/health' }).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 200);
  });
});
