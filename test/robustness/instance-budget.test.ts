import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, type TooManyRequestsException } from '@aws-sdk/client-lambda';
import { after, describe, test } from 'node:test';
import type { TributaryConfig } from '../../src/config.js';
import { ThrottledError } from '../../src/engine/types.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { ROLE, tempDir, zipOf } from '../support/functions.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { cleanTempDirs, createHarness, json, processGone, type Harness } from '../engine/engine-harness.js';

const PID_HANDLER =
  'exports.handler = async (event) => { if (event.waitMs) await new Promise((r) => setTimeout(r, event.waitMs)); return { pid: process.pid }; };';

async function withHarness(config: Partial<TributaryConfig>, body: (h: Harness) => Promise<void>): Promise<void> {
  const h = createHarness({ config });
  try {
    await body(h);
  } finally {
    await h.stop();
  }
}

describe('the instance budget shared by all functions', () => {
  after(cleanTempDirs);

  test('starting an instance beyond the count stops the least recently used idle instance of another function', async () => {
    await withHarness({ maxInstances: 3 }, async (h) => {
      const [a, b, c, d] = [1, 2, 3, 4].map(() => h.fn({ 'index.js': PID_HANDLER }));
      const pidA = json(await h.invoke(a!)).pid;
      const pidB = json(await h.invoke(b!)).pid;
      await h.invoke(c!);
      assert.equal(json(await h.invoke(a!)).pid, pidA, 'a is warm and now the most recently used');
      await h.invoke(d!);
      const live = Object.keys(h.engine.stats()).sort();
      assert.deepEqual(live, [a!.functionArn, c!.functionArn, d!.functionArn].sort());
      await eventually(() => processGone(pidB), 5000, 'the evicted instance to exit');
      assert.equal(json(await h.invoke(a!)).pid, pidA, 'a survived the eviction');
    });
  });

  test('many small functions never hold more instances than the budget', async () => {
    await withHarness({ maxInstances: 2 }, async (h) => {
      for (let i = 0; i < 6; i++) {
        assert.equal((await h.invoke(h.fn({ 'index.js': PID_HANDLER }))).outcome, 'success');
        const total = Object.values(h.engine.stats()).reduce((n, s) => n + s.busy + s.idle, 0);
        assert.ok(total <= 2, `${total} instances live`);
      }
    });
  });

  test('a budget full of busy instances throttles with the account concurrency reason and says how to raise it', async () => {
    await withHarness({ maxInstances: 2 }, async (h) => {
      const [a, b, c] = [1, 2, 3].map(() => h.fn({ 'index.js': PID_HANDLER }));
      const running = [h.invoke(a!, { waitMs: 300 }), h.invoke(b!, { waitMs: 300 })];
      await assert.rejects(h.invoke(c!), (e: unknown) => e instanceof ThrottledError && e.reason === 'ConcurrentInvocationLimitExceeded');
      await assert.rejects(h.invoke(c!), ThrottledError);
      const warnings = h.logger.warnings.filter((w) => w.includes('instance budget full'));
      assert.equal(warnings.length, 1, 'one warning per episode');
      assert.match(warnings[0]!, /--max-instances/);
      assert.match(warnings[0]!, /TRIBUTARY_INSTANCE_MEMORY_MB/);
      await Promise.all(running);
      assert.equal((await h.invoke(c!)).outcome, 'success', 'an idle instance makes room once the others finish');
    });
  });

  test('the memory budget counts measured resident memory: a second function evicts the first', async () => {
    // One Node.js instance is well over 30 MB resident; two do not fit in 100 MB.
    await withHarness({ instanceMemoryMb: 100 }, async (h) => {
      const [a, b] = [1, 2].map(() => h.fn({ 'index.js': PID_HANDLER }));
      const pidA = json(await h.invoke(a!)).pid;
      await h.invoke(b!);
      assert.deepEqual(Object.keys(h.engine.stats()), [b!.functionArn]);
      await eventually(() => processGone(pidA), 5000, 'the evicted instance to exit');
    });
  });
});

describe('the instance budget through the Lambda API', () => {
  const t = tributaryPerSuite({ config: { maxInstances: 1 } });
  const lambda = clientPerSuite(t, (url) => new LambdaClient({ ...clientConfig(url), maxAttempts: 1 }));

  test('a budget full of busy instances answers Invoke with 429 TooManyRequestsException', async () => {
    const marker = path.join(tempDir('tributary-budget-'), 'started');
    const slow = `exports.handler = async () => { require('fs').writeFileSync(${JSON.stringify(marker)}, ''); await new Promise((r) => setTimeout(r, 1500)); return 'slow'; };`;
    for (const [FunctionName, code] of [
      ['busy', slow],
      ['turned-away', "exports.handler = async () => 'ok';"],
    ] as const) {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipOf({ 'index.js': code }) },
        }),
      );
    }
    const running = lambda.send(new InvokeCommand({ FunctionName: 'busy' }));
    await eventually(() => (fs.existsSync(marker) ? true : undefined), 10_000, 'the busy function to start');
    const refused = await lambda.send(new InvokeCommand({ FunctionName: 'turned-away' })).then(
      () => assert.fail('expected a throttle'),
      (err: TooManyRequestsException) => err,
    );
    assert.equal(refused.name, 'TooManyRequestsException');
    assert.equal(refused.$metadata.httpStatusCode, 429);
    assert.equal(refused.Reason, 'ConcurrentInvocationLimitExceeded');
    assert.equal(refused.message, 'Rate Exceeded.');
    assert.equal(Buffer.from((await running).Payload!).toString(), '"slow"');
    const after = await lambda.send(new InvokeCommand({ FunctionName: 'turned-away' }));
    assert.equal(Buffer.from(after.Payload!).toString(), '"ok"', 'the idle instance makes room');
  });
});
