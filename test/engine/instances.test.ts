import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { ThrottledError } from '../../src/engine/types.js';
import { eventually } from '../support/tributary.js';
import { cleanTempDirs, createHarness, harnessPerSuite, json, processGone } from './engine-harness.js';

const PID_HANDLER =
  'let calls = 0; exports.handler = async (event) => { calls++; if (event.waitMs) await new Promise((r) => setTimeout(r, event.waitMs)); return { pid: process.pid, calls }; };';

describe('function instances', () => {
  const h = harnessPerSuite({ config: { maxConcurrencyPerFunction: 3 }, endpointUrl: 'http://127.0.0.1:45999' });

  test('reuses a warm instance, which keeps its module state, and reports Init Duration only on the cold start', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER });
    const first = await h.invoke(spec, {}, { tail: true });
    const second = await h.invoke(spec, {}, { tail: true });
    assert.equal(json(second).pid, json(first).pid);
    assert.equal(json(second).calls, 2);
    assert.ok(first.initDurationMs! > 0);
    assert.equal(second.initDurationMs, undefined);
    assert.match(first.logTail!, /\tInit Duration: \d+\.\d{2} ms\t\n$/);
    assert.doesNotMatch(second.logTail!, /Init Duration/);
    assert.deepEqual(h.engine.stats()[spec.functionArn], { busy: 0, idle: 1 });
  });

  test('starts more instances for parallel invokes and throttles beyond the concurrency limit', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER });
    const running = [1, 2, 3].map(() => h.invoke(spec, { waitMs: 400 }));
    await assert.rejects(h.invoke(spec, {}), (e: unknown) => e instanceof ThrottledError && e.reason === 'ConcurrentInvocationLimitExceeded');
    const pids = new Set((await Promise.all(running)).map((r) => json(r).pid));
    assert.equal(pids.size, 3);
    assert.deepEqual(h.engine.stats()[spec.functionArn], { busy: 0, idle: 3 });
    assert.equal((await h.invoke(spec, {})).outcome, 'success');
  });

  test('throttles at the reserved concurrency, and every invoke when it is 0', async () => {
    const reserved = h.fn({ 'index.js': PID_HANDLER }, { reservedConcurrency: 1 });
    const running = h.invoke(reserved, { waitMs: 300 });
    await assert.rejects(
      h.invoke(reserved, {}),
      (e: unknown) => e instanceof ThrottledError && e.reason === 'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
    await running;
    const none = h.fn({ 'index.js': PID_HANDLER }, { reservedConcurrency: 0 });
    await assert.rejects(h.invoke(none, {}), ThrottledError);
  });

  test('times out a slow invocation, kills the instance and starts a fresh one next time', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER }, { timeoutSeconds: 1 });
    const requestId = '44444444-4444-4444-8444-444444444444';
    const timedOut = await h.invoke(spec, { waitMs: 5000 }, { requestId, tail: true });
    assert.equal(timedOut.outcome, 'error');
    assert.equal(timedOut.errorType, 'Sandbox.Timedout');
    assert.deepEqual(json(timedOut), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds` });
    assert.match(
      timedOut.logTail!,
      new RegExp(
        `\\n\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z ${requestId} Task timed out after 1\\.00 seconds\\nEND RequestId: ${requestId}\\nREPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\t.*\\tStatus: timeout\\t\\n$`,
      ),
    );
    assert.ok(timedOut.durationMs >= 1000, `duration ${timedOut.durationMs}`);
    const fresh = await h.invoke(spec, {});
    assert.equal(json(fresh).calls, 1);
    assert.ok(fresh.initDurationMs !== undefined);
  });

  test('reports a runtime that exits as Runtime.ExitError', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async (event) => { process.exit(event.code); };' });
    const requestId = '55555555-5555-4555-8555-555555555555';
    const failed = await h.invoke(spec, { code: 1 }, { requestId });
    assert.equal(failed.errorType, 'Runtime.ExitError');
    assert.deepEqual(json(failed), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 1` });
    const quiet = await h.invoke(spec, { code: 0 }, { requestId });
    assert.equal(json(quiet).errorMessage, `RequestId: ${requestId} Error: Runtime exited without providing a reason`);
  });

  test('forgets a warm instance whose process died between invocations', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER });
    const { pid } = json(await h.invoke(spec));
    process.kill(pid, 'SIGKILL');
    await eventually(() => (h.engine.stats()[spec.functionArn] === undefined ? true : undefined), 5000, 'the dead instance to be dropped');
    const next = await h.invoke(spec, {});
    assert.equal(next.outcome, 'success');
    assert.notEqual(json(next).pid, pid);
    assert.equal(json(next).calls, 1);
  });

  test('delivers events of several megabytes to Node.js and Python runtimes', async () => {
    const big = { blob: 'x'.repeat(5_000_000) };
    const node = h.fn({ 'index.js': 'exports.handler = async (event) => event.blob.length;' });
    assert.equal(json(await h.invoke(node, big)), 5_000_000);
    const python = h.fn({ 'app.py': 'def handler(event, context):\n    return len(event["blob"])\n' }, { runtime: 'python3.12', handler: 'app.handler' });
    assert.equal(json(await h.invoke(python, big)), 5_000_000);
  });

  test('turns a response over 6 MB into Function.ResponseSizeTooLarge', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => "x".repeat(6_400_000);' });
    const result = await h.invoke(spec);
    assert.equal(result.errorType, 'Function.ResponseSizeTooLarge');
    assert.deepEqual(json(result), {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  test("gives the function Lambda's environment and not the server's own", async () => {
    process.env.TRIBUTARY_SERVER_ONLY_SECRET = 'must-not-leak';
    const spec = h.fn(
      { 'index.js': 'exports.handler = async () => ({ env: process.env, cwd: process.cwd() });' },
      {
        functionName: 'env-check',
        memorySizeMb: 1024,
        environment: { TABLE_NAME: 'orders', AWS_SECRET_ACCESS_KEY: 'from-function' },
      },
    );
    const { env, cwd } = json(await h.invoke(spec));
    delete process.env.TRIBUTARY_SERVER_ONLY_SECRET;
    assert.equal(env.TRIBUTARY_SERVER_ONLY_SECRET, undefined);
    assert.equal(env.NODE_EXTRA_CA_CERTS, undefined);
    assert.equal(fs.realpathSync(cwd), fs.realpathSync(spec.codeDir));
    assert.equal(env.TABLE_NAME, 'orders');
    assert.equal(env.LANG, 'en_US.UTF-8');
    assert.equal(env.TZ, ':UTC');
    assert.ok(env.PATH && env.HOME);
    assert.equal(env._HANDLER, 'index.handler');
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env-check');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '1024');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env-check');
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.equal(env.LAMBDA_TASK_ROOT, spec.codeDir);
    assert.ok(env.LAMBDA_RUNTIME_DIR);
    assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:45999');
    assert.equal(env.AWS_ACCESS_KEY_ID, '123456789012');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, 'from-function');
    assert.ok(env.AWS_SESSION_TOKEN);
  });

  test('starts managed runtimes through AWS_LAMBDA_EXEC_WRAPPER from a layer', async () => {
    const layer = h.fn({ wrapper: '#!/bin/sh\nexport WRAPPED_BY=layer-wrapper\nexec "$@"\n' });
    fs.chmodSync(path.join(layer.codeDir, 'wrapper'), 0o755);
    const spec = h.fn(
      { 'index.js': 'exports.handler = async () => process.env.WRAPPED_BY;' },
      { layerDirs: [layer.codeDir], environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper' } },
    );
    assert.equal(json(await h.invoke(spec)), 'layer-wrapper');
  });

  test('starts fresh instances when the revision changes, and retire stops every instance', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER });
    const before = json(await h.invoke(spec));
    const changed = { ...spec, revision: `${spec.revision}-2` };
    const afterChange = json(await h.invoke(changed));
    assert.notEqual(afterChange.pid, before.pid);
    assert.equal(afterChange.calls, 1);
    await eventually(() => processGone(before.pid), 5000, 'the outdated instance to stop');
    await h.engine.retire(spec.functionArn);
    assert.equal(h.engine.stats()[spec.functionArn], undefined);
    await eventually(() => processGone(afterChange.pid), 5000, 'the retired instance to stop');
  });

  test('lets a busy instance finish its invocation when the function is retired', async () => {
    const spec = h.fn({ 'index.js': PID_HANDLER });
    const running = h.invoke(spec, { waitMs: 300 });
    await eventually(() => (h.engine.stats()[spec.functionArn]?.busy === 1 ? true : undefined), 5000, 'the instance to start');
    await h.engine.retire(spec.functionArn);
    const result = await running;
    assert.equal(result.outcome, 'success');
    await eventually(() => processGone(json(result).pid), 5000, 'the retired instance to stop');
  });

  test('retires instances when the code directory changes in development mode', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => "v1";' }, { watchCode: true });
    assert.equal(json(await h.invoke(spec)), 'v1');
    fs.writeFileSync(path.join(spec.codeDir, 'index.js'), 'exports.handler = async () => "v2";');
    await eventually(async () => (json(await h.invoke(spec)) === 'v2' ? true : undefined), 5000, 'the new code to run');
  });
});

describe('idle instances', () => {
  test('are stopped after the idle period of the injected clock', async () => {
    const clock = new ManualClock(Date.now());
    const h = createHarness({ clock, config: { instanceIdleMs: 60_000 } });
    try {
      const spec = h.fn({ 'index.js': PID_HANDLER });
      const { pid } = json(await h.invoke(spec));
      clock.advance(59_999);
      assert.deepEqual(h.engine.stats()[spec.functionArn], { busy: 0, idle: 1 });
      assert.equal(processGone(pid), undefined);
      clock.advance(1);
      assert.equal(h.engine.stats()[spec.functionArn], undefined);
      await eventually(() => processGone(pid), 5000, 'the idle process to be killed');
    } finally {
      await h.stop();
      cleanTempDirs();
    }
  });
});
