// An accepted Publish survives kill -9: Tributary runs as the real CLI, the subscriber holds the
// first delivery unanswered, Tributary is killed, and the restarted Tributary delivers it again.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { freePort, ROOT, spawnTributary } from '../support/processes.js';
import { tempDir } from '../support/functions.js';
import { eventually } from '../support/tributary.js';
import { httpSubscriber, snsClient } from './helpers.js';

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

describe('durability of SNS deliveries', () => {
  const dataDir = tempDir('tributary-sns-kill9-');
  const started: Running[] = [];
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const running of started) await kill9(running);
    for (const close of closers) await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a message accepted before kill -9 is delivered after restart, with its message id', async () => {
    // The first notification is held unanswered while Tributary is killed; later ones get 200.
    let held = 0;
    const hook = await httpSubscriber((post) => (post.headers['x-amz-sns-message-type'] === 'Notification' && !held++ ? 'hang' : 200));
    closers.push(hook.close);
    const first = await startCli(dataDir);
    started.push(first);
    const sns = snsClient(first.url);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'durable' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: hook.url }));
    const [confirmation] = await hook.received(1);
    assert.equal((await fetch(JSON.parse(confirmation!.body).SubscribeURL)).status, 200);
    const sent = await sns.send(new PublishCommand({ TopicArn, Message: 'survive' }));
    sns.destroy();
    const [, begun] = await hook.received(2);
    assert.equal(begun!.headers['x-amz-sns-message-id'], sent.MessageId);
    await kill9(first);

    const second = await startCli(dataDir);
    started.push(second);
    const [, , redelivered] = await hook.received(3, 20_000);
    assert.equal(redelivered!.headers['x-amz-sns-message-type'], 'Notification');
    assert.equal(redelivered!.headers['x-amz-sns-message-id'], sent.MessageId);
    assert.equal(JSON.parse(redelivered!.body).Message, 'survive');
  });
});
