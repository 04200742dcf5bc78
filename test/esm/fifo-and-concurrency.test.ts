import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startTributary, eventually, type TestTributary } from '../support/tributary.js';
import { clients, createFunction, createQueue, createRecordingFunction, invocations, queueDepth, tempDir } from './helpers.js';

/**
 * Records each record it processes. On its first delivery, `g1-2` fails; with REPORT_LATER the
 * function also reports the group's later records (as AWS advises), without it only the failed one.
 */
const FIFO_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  const failures = [];
  const failedGroups = new Set();
  for (const r of event.Records) {
    const group = r.attributes.MessageGroupId;
    if (failedGroups.has(group) && process.env.REPORT_LATER === '1') { failures.push({ itemIdentifier: r.messageId }); continue; }
    if (r.body === 'g1-2' && r.attributes.ApproximateReceiveCount === '1') {
      failedGroups.add(group);
      failures.push({ itemIdentifier: r.messageId });
      continue;
    }
    fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ body: r.body, group }) + '\\n');
  }
  return { batchItemFailures: failures };
};
`;

function processed(file: string): { body: string; group: string }[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

function maxOverlap(intervals: { start: number; end: number }[]): number {
  const points = intervals
    .flatMap((i) => [
      { at: i.start, d: 1 },
      { at: i.end, d: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d);
  let current = 0;
  let max = 0;
  for (const p of points) {
    current += p.d;
    max = Math.max(max, current);
  }
  return max;
}

describe('FIFO ordering and concurrency', { concurrency: true }, () => {
  let t: TestTributary;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const dir = tempDir('esm-fifo-');

  before(async () => {
    t = await startTributary();
    ({ lambda, sqs } = clients(t.url));
  });
  after(async () => t.stop());

  async function fifoScenario(name: string, reportLater: boolean): Promise<{ body: string; group: string }[]> {
    const file = path.join(dir, `${name}.jsonl`);
    await createFunction(lambda, name, { 'index.js': FIFO_HANDLER }, { RECORD_FILE: file, REPORT_LATER: reportLater ? '1' : '0' });
    const q = await createQueue(sqs, `${name}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '3' });
    const entries = [
      ...[1, 2, 3, 4, 5].map((i) => ({ Id: `g1_${i}`, MessageBody: `g1-${i}`, MessageGroupId: 'g1' })),
      ...[1, 2, 3].map((i) => ({ Id: `g2_${i}`, MessageBody: `g2-${i}`, MessageGroupId: 'g2' })),
    ];
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries }));
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: q.arn, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] }),
    );
    await eventually(async () => ((await queueDepth(sqs, q.url)) === 0 ? true : undefined), 15_000, 'the FIFO queue to drain');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    return processed(file);
  }

  test('a FIFO group stays in order when a message fails and the function reports the rest of its group', async () => {
    const done = await fifoScenario('fifo-advised', true);
    assert.deepEqual(
      done.filter((r) => r.group === 'g1').map((r) => r.body),
      ['g1-1', 'g1-2', 'g1-3', 'g1-4', 'g1-5'],
    );
    assert.deepEqual(
      done.filter((r) => r.group === 'g2').map((r) => r.body),
      ['g2-1', 'g2-2', 'g2-3'],
    );
  });

  test("a FIFO group's later messages are not completed ahead of a failed one even when only it is reported", async () => {
    const done = await fifoScenario('fifo-single', false);
    const g1 = done.filter((r) => r.group === 'g1').map((r) => r.body);
    const retry = g1.lastIndexOf('g1-2');
    assert.ok(retry >= 0);
    assert.deepEqual(g1.slice(retry), ['g1-2', 'g1-3', 'g1-4', 'g1-5']);
  });

  test('ScalingConfig.MaximumConcurrency caps concurrent batches', async () => {
    const fn = await createRecordingFunction(lambda, 'capped-fn', dir);
    const q = await createQueue(sqs, 'capped-queue');
    for (let b = 0; b < 2; b++) {
      const entries = Array.from({ length: 6 }, (_, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify({ sleepMs: 250, n: b * 6 + i }) }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries }));
    }
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'capped-fn', EventSourceArn: q.arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } }),
    );
    const all = await eventually(() => (invocations(fn.file).length === 12 ? invocations(fn.file) : undefined), 20_000, '12 invocations');
    assert.equal(maxOverlap(all), 2);
  });

  test('without a cap, a deep queue is processed by several concurrent batches', async () => {
    const fn = await createRecordingFunction(lambda, 'uncapped-fn', dir);
    const q = await createQueue(sqs, 'uncapped-queue');
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify({ sleepMs: 400, n: i }) }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries }));
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'uncapped-fn', EventSourceArn: q.arn, BatchSize: 1 }));
    const all = await eventually(() => (invocations(fn.file).length === 10 ? invocations(fn.file) : undefined), 20_000, '10 invocations');
    assert.ok(maxOverlap(all) > 2, `overlap ${maxOverlap(all)}`);
  });
});
