// An accepted event survives kill -9 of Tributary: run the real CLI as a child process, kill it while
// the event is being delivered, start it again on the same data directory, and see the event done.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig, eventually } from '../support/tributary.js';
import { freePort, ROOT, spawnTributary } from '../support/processes.js';
import { createFunction, recorder, tempDir } from './helpers.js';

/** Hangs on its first run ever (so Tributary can be killed mid-delivery); later runs finish at once. */
const HANGS_ONCE = `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  const file = process.env.RECORD_FILE;
  fs.appendFileSync(file, JSON.stringify({ phase: 'start', event, requestId: context.awsRequestId }) + '\\n');
  if (!fs.existsSync(file + '.hung')) {
    fs.writeFileSync(file + '.hung', '');
    // Tributary is killed meanwhile; an orphaned run must not look like a delivery.
    await new Promise((resolve) => setTimeout(resolve, 15000));
    return 'orphaned';
  }
  fs.appendFileSync(file, JSON.stringify({ phase: 'done', event, requestId: context.awsRequestId }) + '\\n');
  return 'ok';
};
`;

interface Running {
  child: ChildProcess;
  url: string;
}

async function startCli(dataDir: string): Promise<Running> {
  const port = await freePort();
  const { child, output } = spawnTributary(['start', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, TRIBUTARY_ASYNC_RETRY_DELAY_SCALE: '0.001', TRIBUTARY_FUNCTION_LOGS: '0' },
  });
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`tributary exited early: ${output()}`);
      return /ready on/.test(output()) ? true : undefined;
    },
    20_000,
    'tributary to start',
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

async function kill9(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
}

describe('durability of the async queue', () => {
  const dataDir = tempDir('tributary-kill9-');
  const dir = tempDir('tributary-kill9-records-');
  const started: Running[] = [];

  after(async () => {
    for (const running of started) await kill9(running);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an event accepted before kill -9 is delivered after restart with its request id', async () => {
    const runs = recorder(dir, 'survivor');
    const first = await startCli(dataDir);
    started.push(first);
    const lambda = new LambdaClient(clientConfig(first.url));
    await createFunction(lambda, 'survivor', HANGS_ONCE, { environment: { RECORD_FILE: runs.file }, timeout: 30 });
    const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'survivor', InvocationType: 'Event', Payload: Buffer.from('{"id":"a"}') }));
    assert.equal(accepted.StatusCode, 202);
    const [begun] = await eventually(() => (runs.lines().length ? runs.lines() : undefined), 20_000, 'the first delivery to begin');
    lambda.destroy();
    await kill9(first);

    const second = await startCli(dataDir);
    started.push(second);
    const done = await eventually(() => runs.lines().find((l) => l.phase === 'done'), 20_000, 'the event to be delivered after restart');
    assert.deepEqual(done.event, { id: 'a' });
    assert.equal(done.requestId, begun!.requestId);
    assert.equal(runs.lines().filter((l) => l.phase === 'start').length, 2);
    await kill9(second);
  });
});
