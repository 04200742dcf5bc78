import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetQueueUrlCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Tributary } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { StartupError } from '../../src/startup-error.js';
import { spawnTributary } from '../support/processes.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { cleanEnv, runTributary } from './run.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-cli-'));

/** `tributary start` in the background, once it is ready. */
async function startServer(dataDir: string, args: string[] = []) {
  const server = spawnTributary(['start', '--port', '0', '--data-dir', dataDir, ...args], { env: cleanEnv() });
  const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve));
  const url = await eventually(() => /ready on (http:\/\/\S+)/.exec(server.output())?.[1], 15_000, `the ready line (output: ${server.output()})`);
  return { ...server, url, port: Number(new URL(url).port), exited };
}

describe('one Tributary per data dir', () => {
  test('a second server on a data dir in use is refused, a lock left by kill -9 is taken over, SIGTERM releases it', async () => {
    const dataDir = tempDir();
    const lock = path.join(dataDir, 'tributary.lock');
    const first = await startServer(dataDir);
    try {
      const record = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; port: number };
      assert.equal(record.pid, first.child.pid);
      assert.equal(record.port, first.port);

      const second = await runTributary(['start', '--port', '0', '--data-dir', dataDir]);
      assert.equal(second.code, 1);
      assert.equal(
        second.stderr,
        `tributary: data dir ${dataDir} is in use by tributary pid ${first.child.pid} on port ${first.port}; stop it, or pass another --data-dir\n`,
      );

      const status = await runTributary(['status', '--port', String(first.port)]);
      assert.equal(status.code, 0);
      assert.match(status.stdout, new RegExp(`tributary is running on http://127\\.0\\.0\\.1:${first.port} \\(\\d+ services\\)`));
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    assert.ok(fs.existsSync(lock), 'kill -9 leaves the lock behind');

    const third = await startServer(dataDir);
    try {
      assert.match(
        third.output(),
        new RegExp(`data dir ${dataDir} was locked by tributary pid ${first.child.pid}, which is no longer running; taking it over`),
      );
    } finally {
      third.child.kill('SIGTERM');
    }
    assert.equal(await third.exited, 0);
    assert.ok(!fs.existsSync(lock), 'a clean stop removes the lock');

    const none = await runTributary(['status', '--port', String(third.port)]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /nothing answers on http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  test('Tributary.start in a process takes the lock too, and stop gives it back', async () => {
    const dataDir = tempDir();
    const config = { port: 0, host: '127.0.0.1', dataDir };
    const first = await Tributary.start({ config, logger: silentLogger });
    try {
      await assert.rejects(Tributary.start({ config, logger: silentLogger }), (err: unknown) => {
        assert.ok(err instanceof StartupError);
        assert.equal(err.message, `data dir ${dataDir} is in use by tributary pid ${process.pid} on port ${first.port}; stop it, or pass another --data-dir`);
        return true;
      });
    } finally {
      await first.stop();
    }
    const again = await Tributary.start({ config, logger: silentLogger });
    await again.stop();
  });
});

describe('--log-requests', () => {
  test('prints one line per AWS API request: service, operation, status, duration, request id', async () => {
    const server = await startServer(tempDir(), ['--log-requests']);
    const sqs = new SQSClient(clientConfig(server.url));
    try {
      const sent = await sqs.send(new ListQueuesCommand({}));
      const requestId = sent.$metadata.requestId;
      assert.ok(requestId);
      const line = await eventually(
        () => new RegExp(`^\\[tributary\\] sqs ListQueues 200 \\d+ ms \\(${requestId}\\)$`, 'm').exec(server.output())?.[0],
        5_000,
        'the request line',
      );
      assert.ok(line);
    } finally {
      sqs.destroy();
      server.child.kill('SIGTERM');
    }
    await server.exited;
  });

  test('TRIBUTARY_LOG_REQUESTS=1 does the same; an error carries its code', async () => {
    const dataDir = tempDir();
    const server = spawnTributary(['start', '--port', '0', '--data-dir', dataDir], { env: cleanEnv({ TRIBUTARY_LOG_REQUESTS: '1' }) });
    const exited = new Promise((resolve) => server.child.on('exit', resolve));
    try {
      const url = await eventually(() => /ready on (http:\/\/\S+)/.exec(server.output())?.[1], 15_000, 'the ready line');
      const sqs = new SQSClient({ ...clientConfig(url), maxAttempts: 1 });
      await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })));
      sqs.destroy();
      await eventually(
        () => (/\[tributary\] sqs GetQueueUrl 400 QueueDoesNotExist \d+ ms \([0-9a-f-]{36}\)/.test(server.output()) ? true : undefined),
        5_000,
        'the error line',
      );
    } finally {
      server.child.kill('SIGTERM');
    }
    await exited;
  });
});
