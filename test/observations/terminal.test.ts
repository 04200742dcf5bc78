import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig, eventually } from '../support/tributary.js';
import { freePort, spawnTributary } from '../support/processes.js';
import { connectEvents, observed } from '../support/observed.js';
import { createFunction } from '../async/helpers.js';

const ECHO = `exports.handler = async (event) => event;\n`;

/** Starts `tributary start` with `args`, runs an async invoke it observes over /_tributary/events, stops it; returns its whole output. */
async function outputOfAsyncInvoke(args: string[], env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-trigger-lines-'));
  const url = `http://127.0.0.1:${port}`;
  const { child, output } = spawnTributary(['start', '--port', String(port), '--data-dir', dataDir, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRIBUTARY_FUNCTION_LOGS: '0', ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lambda = new LambdaClient(clientConfig(url));
  try {
    await eventually(() => (output().includes('ready on') ? true : undefined), 15_000, 'the ready line');
    await createFunction(lambda, 'terminal-echo', ECHO);
    const events = await connectEvents(url, 'type=invocation.finished&function=terminal-echo');
    try {
      const finished = observed(events, 'invocation.finished', undefined, { timeoutMs: 20_000 });
      await lambda.send(new InvokeCommand({ FunctionName: 'terminal-echo', InvocationType: 'Event', Payload: Buffer.from('{}') }));
      assert.equal((await finished).outcome, 'success');
    } finally {
      events.close();
    }
  } finally {
    lambda.destroy();
    child.kill('SIGTERM');
  }
  const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
  assert.equal(code, 0, `exit after SIGTERM (output: ${output()})`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return output();
}

describe('trigger lines in the terminal', () => {
  test('are printed by default: an async event is one line with its outcome', async () => {
    const output = await outputOfAsyncInvoke([]);
    assert.match(output, /\[tributary\] terminal-echo ← async event: ok \d+ ms\n/);
  });

  test('are not printed with --no-trigger-logs, nor with TRIBUTARY_TRIGGER_LOGS=0', async () => {
    // The child's stdout is a pipe, written synchronously: once it has exited, its output is complete.
    assert.doesNotMatch(await outputOfAsyncInvoke(['--no-trigger-logs']), /[←→]/);
    assert.doesNotMatch(await outputOfAsyncInvoke([], { TRIBUTARY_TRIGGER_LOGS: '0' }), /[←→]/);
  });
});
