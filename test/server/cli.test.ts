import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually, startTributary } from '../support/tributary.js';
import { freePort, spawnTributary, TRIBUTARY_BIN } from '../support/processes.js';

describe('tributary start', () => {
  test('takes its port and data directory from the environment and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-cli-'));
    const { child, output } = spawnTributary(['start'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRIBUTARY_PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, TRIBUTARY_FUNCTION_LOGS: '0' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(() => (output().includes('ready on') ? true : undefined), 15_000, 'the ready line');
      assert.match(output(), new RegExp(`ready on http://127\\.0\\.0\\.1:${port}`));
      const health = await fetch(`http://127.0.0.1:${port}/_tributary/health`);
      assert.equal(health.status, 200);
      assert.ok(fs.existsSync(path.join(dataDir, 'tributary.db')), 'the store lives in the data directory');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
    assert.equal(code, 0, `exit after SIGTERM (output: ${output()})`);
  });

  test('prints its usage for an unknown command and exits non-zero', async () => {
    const child = spawn(process.execPath, [TRIBUTARY_BIN, 'frobnicate'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(output, /Usage: tributary start/);
  });
});

describe('accounts and regions', () => {
  test('a 12-digit access key id is the account, and the signed region is the region', async () => {
    const t = await startTributary();
    try {
      const sqs = new SQSClient({ ...clientConfig(t.url, 'ap-southeast-2'), credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' } });
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'scoped' }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      assert.equal(Attributes?.QueueArn, 'arn:aws:sqs:ap-southeast-2:111122223333:scoped');
      sqs.destroy();
    } finally {
      await t.stop();
    }
  });

  test('any other access key id uses the default account 123456789012', async () => {
    const t = await startTributary();
    try {
      const sqs = new SQSClient(clientConfig(t.url, 'eu-west-1'));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'order-queue' }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      assert.equal(Attributes?.QueueArn, 'arn:aws:sqs:eu-west-1:123456789012:order-queue');
      sqs.destroy();
    } finally {
      await t.stop();
    }
  });
});
