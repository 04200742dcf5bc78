import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './helpers.js';

const SERVE = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'serve.ts');

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('child Tributary did not start within 30 s'));
    }, 30_000);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve({ child, url: line.trim() });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child Tributary exited with ${code}`));
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('SQS durability', () => {
  test('every accepted message survives a kill -9 of Tributary', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sqs-crash-'));
    const first = await startChild(dataDir);
    let sqs = sqsClient(first.url);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }));
    const ids = new Set<string>();
    ids.add((await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'single' }))).MessageId!);
    for (let b = 0; b < 5; b++) {
      const res = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `batch ${b} ${i}` })) }),
      );
      for (const s of res.Successful ?? []) ids.add(s.MessageId!);
    }
    sqs.destroy();
    await killHard(first.child);

    const second = await startChild(dataDir);
    sqs = sqsClient(second.url);
    try {
      const received = new Set<string>();
      for (let i = 0; i < 20 && received.size < ids.size; i++) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl!.replace(first.url, second.url), MaxNumberOfMessages: 10 }));
        for (const m of got.Messages ?? []) received.add(m.MessageId!);
      }
      assert.equal(received.size, 51);
      assert.deepEqual([...received].sort(), [...ids].sort());
    } finally {
      sqs.destroy();
      await killHard(second.child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
