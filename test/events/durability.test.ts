// An accepted PutEvents survives kill -9: the target (a queue that does not exist yet) fails and
// is retried; Tributary is killed, started again on the same data, the queue appears, and the
// event arrives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, eventually } from '../support/tributary.js';
import { freePort, ROOT, spawnTributary } from '../support/processes.js';
import { tempDir } from '../support/functions.js';
import { createQueue, receiveMessages } from './helpers.js';

async function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
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

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('EventBridge durability', () => {
  test('kill -9 after PutEvents: the event is still delivered', async () => {
    const dataDir = tempDir('tributary-eb-kill9-');
    const first = await startCli(dataDir);
    const queueArn = 'arn:aws:sqs:us-east-1:123456789012:late-queue';
    let eventId: string | undefined;
    try {
      const events = new EventBridgeClient(clientConfig(first.url));
      await events.send(new PutRuleCommand({ Name: 'late', EventPattern: JSON.stringify({ source: ['kill9'] }) }));
      await events.send(new PutTargetsCommand({ Rule: 'late', Targets: [{ Id: 'q', Arn: queueArn }] }));
      const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'kill9', DetailType: 'x', Detail: '{"survives":true}' }] }));
      eventId = put.Entries![0]!.EventId;
      events.destroy();
    } finally {
      await kill9(first.child);
    }
    const second = await startCli(dataDir);
    try {
      const sqs = new SQSClient(clientConfig(second.url));
      const queue = await createQueue(sqs, 'late-queue');
      assert.equal(queue.arn, queueArn);
      const [m] = await receiveMessages(sqs, queue.url, 1, 20_000);
      const body = JSON.parse(m!.Body!);
      assert.equal(body.id, eventId);
      assert.deepEqual(body.detail, { survives: true });
      sqs.destroy();
    } finally {
      await kill9(second.child);
    }
  });
});
