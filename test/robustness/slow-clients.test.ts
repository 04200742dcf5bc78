import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { freePort, TRIBUTARY_BIN } from '../support/processes.js';
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

describe('running out of file descriptors', () => {
  test('a flood of connections past the process’s descriptor limit does not end the server', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-fds-'));
    const child = spawn('sh', ['-c', `ulimit -n 96 && exec "${process.execPath}" "${TRIBUTARY_BIN}" start`], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRIBUTARY_PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, TRIBUTARY_FUNCTION_LOGS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    const flood: net.Socket[] = [];
    try {
      await eventually(() => (output.includes('ready on') ? true : undefined), 15_000, 'the ready line');
      for (let i = 0; i < 150; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        flood.push(socket);
      }
      await Promise.all(flood.map((s) => new Promise((r) => (s.connecting ? s.once('connect', r).once('close', r) : r(undefined)))));
      for (const s of flood) s.destroy();
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
        status = await rawRequest(url, { path: '/_tributary/health', timeoutMs: 2_000 }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(status, 200, `the server stopped answering (output: ${output})`);
      assert.equal(child.exitCode, null, `the server exited (output: ${output})`);
    } finally {
      for (const s of flood) s.destroy();
      child.kill('SIGTERM');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  });
});
