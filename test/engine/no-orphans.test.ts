import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually } from '../support/tributary.js';
import { cleanTempDirs, createHarness, json, processGone, tempDir } from './engine-harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the engine in a separate Tributary process that reports its function pids, then ends it. */
async function functionPidsOfHost(ending: 'exit' | 'SIGTERM' | 'SIGKILL'): Promise<number[]> {
  // The host's temp directories go under one of ours, since a killed host cannot clean up.
  const env = { ...process.env, TMPDIR: tempDir('tributary-orphan-host-') };
  const host = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'orphan-host.ts'), ending], { stdio: ['ignore', 'pipe', 'inherit'], env });
  let output = '';
  host.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
    if (output.includes('\n') && ending !== 'exit') host.kill(ending);
  });
  await new Promise((resolve) => host.once('exit', resolve));
  const pids = JSON.parse(output.split('\n')[0]!) as number[];
  assert.equal(pids.length, 4);
  return pids;
}

describe('function processes', () => {
  after(() => cleanTempDirs());

  test('are all killed by engine.stop()', async () => {
    const h = createHarness();
    const spec = h.fn({ 'index.js': 'exports.handler = async () => process.pid;' });
    const pids = await Promise.all([h.invoke(spec), h.invoke(spec)]).then((rs) => rs.map(json));
    await h.stop();
    for (const pid of pids) await eventually(() => processGone(pid), 5000, `process ${pid} to end`);
  });

  for (const ending of ['exit', 'SIGTERM', 'SIGKILL'] as const) {
    test(`do not outlive a Tributary process that ends by ${ending}`, async () => {
      const pids = await functionPidsOfHost(ending);
      for (const pid of pids) await eventually(() => processGone(pid), 5000, `process ${pid} to end`);
    });
  }
});
