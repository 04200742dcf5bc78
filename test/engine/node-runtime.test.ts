import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { harnessPerSuite, json } from './engine-harness.js';

describe('the Node.js runtime', () => {
  const h = harnessPerSuite();

  test('runs an async CommonJS handler and returns its result as JSON', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async (event) => ({ echo: event, kind: "cjs" });' });
    const result = await h.invoke(spec, { a: 1 });
    assert.equal(result.outcome, 'success');
    assert.deepEqual(json(result), { echo: { a: 1 }, kind: 'cjs' });
  });

  test('returns null when an async handler returns nothing', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => {};' });
    const result = await h.invoke(spec);
    assert.equal(result.payload.toString(), 'null');
  });

  test('loads ES modules from .mjs files and from .js files under a package.json of type module', async () => {
    const mjs = h.fn({ 'app.mjs': 'export const handler = async () => ({ kind: "mjs", meta: typeof import.meta.url });' }, { handler: 'app.handler' });
    assert.deepEqual(json(await h.invoke(mjs)), { kind: 'mjs', meta: 'string' });
    const typed = h.fn({ 'package.json': '{"type":"module"}', 'index.js': 'export async function handler() { return "esm-js"; }' });
    assert.equal(json(await h.invoke(typed)), 'esm-js');
  });

  test('loads .cjs files, nested module paths and nested handler properties', async () => {
    const cjs = h.fn({ 'lib/deep/mod.cjs': 'module.exports = { api: { get: async () => "nested" } };' }, { handler: 'lib/deep/mod.api.get' });
    assert.equal(json(await h.invoke(cjs)), 'nested');
  });

  test('supports callback handlers, waiting for the event loop to drain by default', async () => {
    const spec = h.fn({
      'index.js': `let drained = false;
        exports.handler = (event, context, callback) => {
          setTimeout(() => { drained = true; }, 50);
          callback(null, { waited: context.callbackWaitsForEmptyEventLoop });
          setTimeout(() => console.log('drained', drained), 60);
        };`,
    });
    const result = await h.invoke(spec, {}, { tail: true });
    assert.deepEqual(json(result), { waited: true });
    assert.match(result.logTail!, /\tINFO\tdrained true\n/);
  });

  test('answers at once when callbackWaitsForEmptyEventLoop is false, even with timers still pending', async () => {
    const spec = h.fn(
      {
        'index.js': `let ticks = 0;
        exports.handler = (event, context, callback) => {
          context.callbackWaitsForEmptyEventLoop = false;
          if (!global.ticker) global.ticker = setInterval(() => { ticks++; }, 5);
          callback(null, { answered: true });
        };`,
      },
      { timeoutSeconds: 2 },
    );
    // With a never-ending interval the event loop never drains: waiting for it would time out.
    assert.deepEqual(json(await h.invoke(spec)), { answered: true });
    assert.deepEqual(json(await h.invoke(spec)), { answered: true });
  });

  test('supports context.succeed, context.fail and context.done', async () => {
    const spec = h.fn({
      'index.js': `exports.handler = (event, context) => {
          if (event.op === 'succeed') context.succeed({ via: 'succeed' });
          else if (event.op === 'fail') context.fail(new Error('failed via context'));
          else context.done(null, { via: 'done' });
        };`,
    });
    assert.deepEqual(json(await h.invoke(spec, { op: 'succeed' })), { via: 'succeed' });
    assert.deepEqual(json(await h.invoke(spec, { op: 'done' })), { via: 'done' });
    const failed = await h.invoke(spec, { op: 'fail' });
    assert.equal(failed.outcome, 'error');
    assert.equal(json(failed).errorMessage, 'failed via context');
  });

  test('gives the handler the full context object', async () => {
    const spec = h.fn(
      {
        'index.js': `exports.handler = async (event, context) => ({
          functionName: context.functionName,
          functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          awsRequestId: context.awsRequestId,
          logGroupName: context.logGroupName,
          logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis(),
          identity: context.identity,
          clientContext: context.clientContext,
          tenantId: context.tenantId,
          traceId: process.env._X_AMZN_TRACE_ID,
        });`,
      },
      { functionName: 'ctx-node', memorySizeMb: 256, timeoutSeconds: 7 },
    );
    const arn = `${spec.functionArn}:live`;
    const result = await h.invoke(
      spec,
      {},
      {
        requestId: '0a3d7c1e-2b6f-4f0a-9c1d-5e8f7a6b4c3d',
        invokedFunctionArn: arn,
        clientContext: JSON.stringify({ custom: { k: 'v' }, env: { platform: 'test' } }),
        cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
        traceId: 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
        tenantId: 'tenant-blue',
      },
    );
    const ctx = json(result);
    assert.equal(ctx.functionName, 'ctx-node');
    assert.equal(ctx.functionVersion, '$LATEST');
    assert.equal(ctx.invokedFunctionArn, arn);
    assert.equal(ctx.memoryLimitInMB, '256');
    assert.equal(ctx.awsRequestId, '0a3d7c1e-2b6f-4f0a-9c1d-5e8f7a6b4c3d');
    assert.equal(ctx.logGroupName, '/aws/lambda/ctx-node');
    assert.match(ctx.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok(ctx.remaining > 5000 && ctx.remaining <= 7000, `remaining ${ctx.remaining}`);
    assert.deepEqual(ctx.identity, { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
    assert.deepEqual(ctx.clientContext, { custom: { k: 'v' }, env: { platform: 'test' } });
    assert.equal(ctx.traceId, 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1');
    assert.equal(ctx.tenantId, 'tenant-blue');
  });

  test('formats console output as Lambda does, with the request id and level', async () => {
    const spec = h.fn({
      'index.js': `console.log('at init');
        exports.handler = async () => { console.log('hello %s', 'world', { a: 1 }); console.warn('careful'); console.error('bad'); return 1; };`,
    });
    const requestId = 'c0ffee00-0000-4000-8000-000000000001';
    const result = await h.invoke(spec, {}, { requestId, tail: true });
    const lines = result.logTail!.split('\n');
    assert.match(lines[0]!, new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST$`));
    assert.match(lines[1]!, new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${requestId}\\tINFO\\thello world { a: 1 }$`));
    assert.match(lines[2]!, new RegExp(`\\t${requestId}\\tWARN\\tcareful$`));
    assert.match(lines[3]!, new RegExp(`\\t${requestId}\\tERROR\\tbad$`));
    assert.equal(lines[4], `END RequestId: ${requestId}`);
    assert.match(
      lines[5]!,
      /^REPORT RequestId: \S+\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms\t$/,
    );
    assert.ok(
      h.logger.lines.some((l) => /\tundefined\tINFO\tat init$/.test(l)),
      'init output has an undefined request id',
    );
  });

  test('reports a thrown error as {errorType, errorMessage, trace}', async () => {
    const spec = h.fn({
      'index.js': `class OrderError extends Error { constructor(m) { super(m); this.name = 'OrderError'; } }
        exports.handler = async () => { throw new OrderError('no such order'); };`,
    });
    const result = await h.invoke(spec, {}, { tail: true });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorType, 'OrderError');
    const body = json(result);
    assert.deepEqual(Object.keys(body), ['errorType', 'errorMessage', 'trace']);
    assert.equal(body.errorMessage, 'no such order');
    assert.equal(body.trace[0], 'OrderError: no such order');
    assert.match(result.logTail!, /\tERROR\tInvoke Error \t\{"errorType":"OrderError","errorMessage":"no such order","stack":\[/);
  });

  test('reports callback errors given as strings with errorType "string"', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = (e, c, cb) => cb("plain failure");' });
    assert.deepEqual(json(await h.invoke(spec)), { errorType: 'string', errorMessage: 'plain failure', trace: [] });
  });

  test('reports a missing module as Runtime.ImportModuleError', async () => {
    const spec = h.fn({ 'other.js': '' });
    const result = await h.invoke(spec);
    assert.equal(result.errorType, 'Runtime.ImportModuleError');
    const body = json(result);
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.equal(body.errorMessage, "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs");
  });

  test('reports a missing export as Runtime.HandlerNotFound', async () => {
    const spec = h.fn({ 'index.js': 'exports.other = async () => 1;' });
    const body = json(await h.invoke(spec));
    assert.equal(body.errorType, 'Runtime.HandlerNotFound');
    assert.equal(body.errorMessage, 'index.handler is undefined or not exported');
  });

  test('reports a syntax error as Runtime.UserCodeSyntaxError and discards the instance', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => {;' });
    const result = await h.invoke(spec);
    const body = json(result);
    assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(body.errorMessage, /^SyntaxError: /);
    assert.equal(h.engine.stats()[spec.functionArn], undefined);
  });

  test('reports a dependency the module cannot find as Runtime.ImportModuleError', async () => {
    const spec = h.fn({ 'index.js': "require('left-pad-that-does-not-exist'); exports.handler = async () => 1;" });
    const body = json(await h.invoke(spec));
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.match(body.errorMessage, /^Error: Cannot find module 'left-pad-that-does-not-exist'/);
  });

  test('resolves the AWS SDK v3 from CommonJS and ES module handlers, as the managed runtime bundles it', async () => {
    const cjs = h.fn({ 'index.js': "const { S3Client } = require('@aws-sdk/client-s3'); exports.handler = async () => typeof S3Client;" });
    assert.equal(json(await h.invoke(cjs)), 'function');
    const esm = h.fn({ 'index.mjs': "import { SQSClient } from '@aws-sdk/client-sqs'; export const handler = async () => typeof SQSClient;" });
    assert.equal(json(await h.invoke(esm)), 'function');
  });

  test('resolves the AWS SDK when an ES module handler imports it lazily on its first invocation', async () => {
    const spec = h.fn({
      'index.mjs': "export const handler = async () => { const { LambdaClient } = await import('@aws-sdk/client-lambda'); return typeof LambdaClient; };",
    });
    assert.equal(json(await h.invoke(spec)), 'function');
  });

  test('reports a package an ES module imports but nobody provides as a plain Error, as the managed runtime does', async () => {
    const spec = h.fn({ 'index.mjs': "import nothing from 'no-such-package-anywhere'; export const handler = async () => nothing;" });
    const result = await h.invoke(spec);
    assert.equal(result.errorType, 'Error');
    assert.match(json(result).errorMessage, /^Cannot find package 'no-such-package-anywhere' imported from /);
  });

  test('reports an async handler whose promise never settles as Runtime.NodeJsExit, and a callback handler that never calls back as null', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => new Promise(() => {});' });
    const stuck = await h.invoke(spec);
    assert.equal(stuck.errorType, 'Runtime.NodeJsExit');
    assert.match(json(stuck).errorMessage, /^The Lambda runtime client detected an unexpected Node\.js exit code\./);
    const legacy = h.fn({ 'index.js': 'exports.handler = (event, context, callback) => {};' });
    const silent = await h.invoke(legacy);
    assert.equal(silent.outcome, 'success');
    assert.equal(silent.payload.toString(), 'null');
  });

  test('sends callback errors at once, without waiting for the event loop to drain', async () => {
    const spec = h.fn(
      {
        'index.js': `exports.handler = (event, context, callback) => {
          if (!global.ticker) global.ticker = setInterval(() => {}, 5);
          callback(new Error('failed fast'));
        };`,
      },
      { timeoutSeconds: 2 },
    );
    const result = await h.invoke(spec);
    assert.equal(result.errorType, 'Error');
    assert.equal(json(result).errorMessage, 'failed fast');
  });

  test('answers a response streaming handler with the bytes it wrote', async () => {
    const spec = h.fn(
      {
        'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
          responseStream.write('hello ');
          responseStream.write(context.functionName);
          responseStream.end();
        });`,
      },
      { functionName: 'streamer' },
    );
    const result = await h.invoke(spec);
    assert.equal(result.outcome, 'success');
    assert.equal(result.payload.toString(), 'hello streamer');
  });

  test('exposes gc(), as Lambda runs Node.js with --expose-gc', async () => {
    const spec = h.fn({ 'index.js': 'exports.handler = async () => { const before = typeof global.gc; global.gc(); return before; };' });
    assert.equal(json(await h.invoke(spec)), 'function');
  });

  test("hides Tributary's other dependencies, which Lambda does not have", async () => {
    const spec = h.fn({
      'index.js': `const tryRequire = (name) => { try { require(name); return true; } catch { return false; } };
        exports.handler = async () => ['yaml', 'better-sqlite3', '@aws-sdk/client-lambda', '@smithy/types'].map(tryRequire);`,
    });
    assert.deepEqual(json(await h.invoke(spec)), [false, false, true, true]);
  });

  test('resolves packages from a layer before the bundled SDK', async () => {
    const layer = h.fn({ 'nodejs/node_modules/layer-greeting/index.js': 'module.exports = "from the layer";' });
    const spec = h.fn({ 'index.mjs': "import greeting from 'layer-greeting'; export const handler = async () => greeting;" }, { layerDirs: [layer.codeDir] });
    assert.equal(json(await h.invoke(spec)), 'from the layer');
  });

  test('reports an unhandled promise rejection and starts a fresh instance afterwards', async () => {
    const spec = h.fn({
      'index.js': `let calls = 0;
        exports.handler = (event, context, callback) => { calls++; if (event.reject) Promise.reject(new Error('nobody caught me')); else callback(null, calls); };`,
    });
    const failed = await h.invoke(spec, { reject: true });
    assert.equal(failed.outcome, 'error');
    assert.equal(json(failed).errorType, 'Runtime.UnhandledPromiseRejection');
    assert.equal(json(failed).errorMessage, 'Error: nobody caught me');
    const next = await h.invoke(spec, {});
    assert.equal(json(next), 1);
  });
});
