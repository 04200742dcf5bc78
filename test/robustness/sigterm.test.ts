import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { eventually } from '../support/tributary.js';
import { freePort, spawnTributary } from '../support/processes.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';

describe('SIGTERM', () => {
  test('the CLI lets a synchronous invoke in flight finish, answers it, then exits 0', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sigterm-'));
    const marker = path.join(dataDir, 'handler-started');
    const { child, output } = spawnTributary(['start'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRIBUTARY_PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, TRIBUTARY_FUNCTION_LOGS: '0' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    const lambda = lambdaClient(url);
    try {
      await eventually(() => (output().includes('ready on') ? true : undefined), 15_000, 'the ready line');
      const handler = `const fs = require('node:fs');
exports.handler = async () => {
  fs.writeFileSync(${JSON.stringify(marker)}, 'started');
  await new Promise((r) => setTimeout(r, 1000));
  return 'finished';
};\n`;
      await createFunction(lambda, 'drains', { files: { 'index.js': handler } });
      const answered = lambda.send(new InvokeCommand({ FunctionName: 'drains' }));
      await eventually(() => (fs.existsSync(marker) ? true : undefined), 20_000, 'the handler to start');
      child.kill('SIGTERM');
      const result = await answered;
      assert.equal(result.StatusCode, 200);
      assert.equal(Buffer.from(result.Payload!).toString(), '"finished"');
    } finally {
      lambda.destroy();
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    assert.equal(code, 0, `exit after SIGTERM (output: ${output()})`);
  });
});
