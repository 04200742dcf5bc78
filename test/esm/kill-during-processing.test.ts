import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CreateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { eventually } from '../support/tributary.js';
import { clients, createFunction, createQueue, queueDepth, tempDir } from './helpers.js';

const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  await new Promise((r) => setTimeout(r, 40));
  fs.appendFileSync(process.env.RECORD_FILE, event.Records.map((r) => r.body + '\\n').join(''));
};
`;

const launcher = path.join(path.dirname(new URL(import.meta.url).pathname), 'child-tributary.ts');

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', launcher, 'start', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, TRIBUTARY_FUNCTION_LOGS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Tributary did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`Tributary exited with ${code}: ${out}`)));
  });
}

describe('killing Tributary while a mapping is processing', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  test('every message is processed at least once and none is lost across a kill -9', async () => {
    const dataDir = tempDir('esm-kill-');
    const file = path.join(dataDir, 'processed.log');
    const first = await startChild(dataDir);
    children.push(first.child);
    let { lambda, sqs } = clients(first.url);
    await createFunction(lambda, 'durable-fn', { 'index.js': HANDLER }, { RECORD_FILE: file });
    const q = await createQueue(sqs, 'durable-queue', { VisibilityTimeout: '3' });
    const bodies = Array.from({ length: 200 }, (_, i) => `message-${i}`);
    for (let i = 0; i < bodies.length; i += 10) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `m${j}`, MessageBody: b })) }));
    }
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'durable-fn', EventSourceArn: q.arn, BatchSize: 5, ScalingConfig: { MaximumConcurrency: 2 } }),
    );
    const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    await eventually(() => (lines().length >= 20 ? true : undefined), 20_000, 'processing to be under way');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    assert.ok(lines().length < bodies.length, 'killed before the queue drained');

    const second = await startChild(dataDir);
    children.push(second.child);
    ({ lambda, sqs } = clients(second.url));
    const queueUrl = q.url.replace(first.url, second.url);
    await eventually(() => (new Set(lines()).size === bodies.length ? true : undefined), 30_000, 'every message to be processed');
    assert.deepEqual([...new Set(lines())].sort(), [...bodies].sort());
    await eventually(async () => ((await queueDepth(sqs, queueUrl)) === 0 ? true : undefined), 10_000, 'the queue to drain');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
