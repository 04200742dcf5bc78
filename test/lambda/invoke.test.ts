import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
  type Runtime,
} from '@aws-sdk/client-lambda';
import AdmZip from 'adm-zip';
import { eventually, startTributary } from '../support/tributary.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient, zipOf } from './helpers.js';

const text = (payload: Uint8Array | undefined) => Buffer.from(payload ?? []).toString('utf8');
const json = (payload: Uint8Array | undefined) => JSON.parse(text(payload));

describe('Lambda Invoke', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  test('a synchronous invoke returns the result, the executed version and the log tail', async () => {
    await createFunction(lambda, 'hello', {
      files: {
        'index.js': `exports.handler = async (event) => { console.log('saying hello to', event.name); return { greeting: 'hello ' + event.name }; };\n`,
      },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{"name":"world"}'), LogType: 'Tail' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(json(out.Payload), { greeting: 'hello world' });
    const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    assert.match(log, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    assert.match(log, /saying hello to world/);
    assert.match(log, /REPORT RequestId: /);
  });

  test('DryRun answers 204 and runs nothing', async () => {
    await createFunction(lambda, 'dry');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'dry', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
  });

  test('an Event invoke answers 202 and the function runs soon after', async () => {
    const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-event-')), 'events.jsonl');
    await createFunction(lambda, 'later', {
      files: {
        'index.js': `const fs = require('node:fs');\nexports.handler = async (event) => { fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify(event) + '\\n'); };\n`,
      },
      Environment: { Variables: { RECORD_FILE: record } },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'later', InvocationType: 'Event', Payload: Buffer.from('{"n":7}') }));
    assert.equal(out.StatusCode, 202);
    assert.equal(text(out.Payload), '');
    const line = await eventually(() => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim() || undefined : undefined), 15_000, 'the async event');
    assert.deepEqual(JSON.parse(line), { n: 7 });
  });

  test('a Node.js exception is a 200 with X-Amz-Function-Error: Unhandled and the runtime error body', async () => {
    await createFunction(lambda, 'node-throws', { files: { 'index.js': `exports.handler = async () => { throw new TypeError('bad input'); };\n` } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'node-throws' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const body = json(out.Payload);
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'bad input');
    assert.ok(Array.isArray(body.trace));
  });

  test('a Node.js callback error is reported the same way', async () => {
    await createFunction(lambda, 'node-callback', {
      files: { 'index.js': `exports.handler = (event, context, callback) => { callback(new RangeError('too far')); };\n` },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'node-callback' }));
    assert.equal(out.FunctionError, 'Unhandled');
    const body = json(out.Payload);
    assert.equal(body.errorType, 'RangeError');
    assert.equal(body.errorMessage, 'too far');
  });

  test('a Python exception carries errorType, errorMessage and stackTrace', async () => {
    await createFunction(lambda, 'py-throws', {
      Runtime: 'python3.11',
      Handler: 'app.handler',
      files: { 'app.py': `def handler(event, context):\n    raise ValueError("no good")\n` },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'py-throws' }));
    assert.equal(out.FunctionError, 'Unhandled');
    const body = json(out.Payload);
    assert.equal(body.errorType, 'ValueError');
    assert.equal(body.errorMessage, 'no good');
    assert.ok(Array.isArray(body.stackTrace));
  });

  test('a Python function returns its result', async () => {
    await createFunction(lambda, 'py-ok', {
      Runtime: 'python3.11',
      Handler: 'app.handler',
      files: { 'app.py': `def handler(event, context):\n    return {"sum": event["a"] + event["b"], "fn": context.function_name}\n` },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'py-ok', Payload: Buffer.from('{"a":2,"b":3}') }));
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(json(out.Payload), { sum: 5, fn: 'py-ok' });
  });

  test('an error the handler catches and turns into a result is not a function error', async () => {
    await createFunction(lambda, 'handled', {
      files: { 'index.js': `exports.handler = async () => { try { JSON.parse('{'); } catch (e) { return { statusCode: 400, error: e.name }; } };\n` },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'handled' }));
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(json(out.Payload), { statusCode: 400, error: 'SyntaxError' });
  });

  test('a function that runs past its timeout fails with Sandbox.Timedout', async () => {
    await createFunction(lambda, 'slow', { Timeout: 1, files: { 'index.js': `exports.handler = () => new Promise((r) => setTimeout(r, 5000));\n` } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'slow' }));
    assert.equal(out.FunctionError, 'Unhandled');
    const body = json(out.Payload);
    assert.equal(body.errorType, 'Sandbox.Timedout');
    assert.match(body.errorMessage, /Task timed out after 1\.00 seconds/);
  });

  test('a function whose process exits fails with Runtime.ExitError', async () => {
    await createFunction(lambda, 'crasher', { files: { 'index.js': `exports.handler = async () => { process.exit(3); };\n` } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'crasher' }));
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(json(out.Payload).errorType, 'Runtime.ExitError');
  });

  test('instances are reused between invokes', async () => {
    await createFunction(lambda, 'warm', { files: { 'index.js': `let count = 0;\nexports.handler = async () => ({ count: ++count, pid: process.pid });\n` } });
    const first = json((await lambda.send(new InvokeCommand({ FunctionName: 'warm' }))).Payload);
    const second = json((await lambda.send(new InvokeCommand({ FunctionName: 'warm' }))).Payload);
    assert.equal(first.count, 1);
    assert.equal(second.count, 2);
    assert.equal(second.pid, first.pid);
  });

  test('reserved concurrency 0 throttles every invoke with a 429 carrying Reason and Retry-After', async () => {
    await createFunction(lambda, 'blocked');
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'blocked', ReservedConcurrentExecutions: 0 }));
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'blocked' })));
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.status, 429);
    assert.equal(err.message, 'Rate Exceeded.');
    assert.equal(err.error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(err.error.Type, 'User');
    const raw = await fetch(`${t.url}/2015-03-31/functions/blocked/invocations`, { method: 'POST', body: '{}' });
    assert.equal(raw.status, 429);
    assert.ok(raw.headers.get('retry-after'));
  });

  test('invokes beyond reserved concurrency are throttled while one is running', async () => {
    await createFunction(lambda, 'single', { files: { 'index.js': `exports.handler = (e) => new Promise((r) => setTimeout(() => r('done'), e.ms));\n` } });
    await lambda.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{"ms":1}') }));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'single', ReservedConcurrentExecutions: 1 }));
    const slow = lambda.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{"ms":1500}') }));
    await new Promise((r) => setTimeout(r, 300));
    const err = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{"ms":1}') })));
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(json((await slow).Payload), 'done');
  });

  test('the client context and tenant id reach the function', async () => {
    await createFunction(lambda, 'ctx', {
      files: { 'index.js': `exports.handler = async (e, context) => ({ clientContext: context.clientContext, tenantId: context.tenantId });\n` },
    });
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'acme' } })).toString('base64');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'ctx', ClientContext: clientContext, TenantId: 'tenant-blue' }));
    assert.deepEqual(json(out.Payload).clientContext.custom, { tenant: 'acme' });
    assert.equal(json(out.Payload).tenantId, 'tenant-blue');
  });

  test('published versions keep their code and aliases resolve to them, with weighted routing', async () => {
    const code = (n: number) => zipOf({ 'index.js': `exports.handler = async () => ${n};\n` });
    await createFunction(lambda, 'versioned', { Code: { ZipFile: code(1) } });
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:versioned:1');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: code(2) }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'versioned' });
    await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    const latest = await lambda.send(new InvokeCommand({ FunctionName: 'versioned' }));
    assert.equal(json(latest.Payload), 2);
    const one = await lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    assert.equal(json(one.Payload), 1);
    assert.equal(one.ExecutedVersion, '1');
    const live = await lambda.send(new InvokeCommand({ FunctionName: 'versioned:live' }));
    assert.equal(json(live.Payload), 1);
    assert.equal(live.ExecutedVersion, '1');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'versioned', Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } }),
    );
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      seen.add((await lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: 'canary' }))).ExecutedVersion!);
    }
    assert.deepEqual([...seen].sort(), ['1', '2']);
    const missing = await awsError(lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '9' })));
    assert.equal(missing.message, 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:versioned:9');
  });

  test('an OS-only runtime runs the package bootstrap with no handler', async () => {
    const bootstrap = [
      '#!/bin/sh',
      'set -eu',
      'API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"',
      'while true; do',
      '  HEADERS=$(mktemp)',
      '  EVENT=$(curl -sS -D "$HEADERS" "$API/next")',
      '  ID=$(grep -i "^Lambda-Runtime-Aws-Request-Id:" "$HEADERS" | cut -d: -f2 | tr -d "[:space:]")',
      '  curl -sS -X POST "$API/$ID/response" -d "{\\"shell\\":$EVENT}" > /dev/null',
      'done',
      '',
    ].join('\n');
    const zip = new AdmZip();
    zip.addFile('bootstrap', Buffer.from(bootstrap), '', 0o755);
    await createFunction(lambda, 'shell', { Runtime: 'provided.al2023', Handler: undefined, Code: { ZipFile: zip.toBuffer() } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'shell', Payload: Buffer.from('{"x":1}') }));
    assert.equal(out.FunctionError, undefined, text(out.Payload));
    assert.deepEqual(json(out.Payload), { shell: { x: 1 } });
  });

  test('boto3 is importable in the oldest and newest Python runtimes, as every AWS Python runtime bundles it', async () => {
    // python3.9 runs on its own interpreter when the machine has one; the machine's boto3 may be too new for it.
    for (const runtime of ['python3.9', 'python3.14']) {
      const name = `boto3-${runtime.replace('.', '')}`;
      await createFunction(lambda, name, {
        Runtime: runtime as Runtime,
        Handler: 'app.handler',
        files: { 'app.py': 'import boto3\ndef handler(event, context):\n    return boto3.client("lambda").meta.region_name\n' },
      });
      const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
      assert.equal(out.FunctionError, undefined, text(out.Payload));
      assert.equal(json(out.Payload), 'us-east-1');
    }
  });
  test('a Python function with LogFormat JSON writes its logging records as JSON objects at the configured level', async () => {
    const code = [
      'import logging, os',
      'logger = logging.getLogger("orders")',
      'def handler(event, context):',
      '    logger.debug("hidden")',
      '    logger.info("order %s placed", 7, extra={"orderId": 7})',
      '    print("plain print")',
      '    return [os.environ["AWS_LAMBDA_LOG_FORMAT"], os.environ["AWS_LAMBDA_LOG_LEVEL"]]',
      '',
    ].join('\n');
    await createFunction(lambda, 'json-logs', {
      Runtime: 'python3.12',
      Handler: 'app.handler',
      LoggingConfig: { LogFormat: 'JSON' },
      files: { 'app.py': code },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'json-logs', LogType: 'Tail' }));
    assert.equal(out.FunctionError, undefined, text(out.Payload));
    assert.deepEqual(json(out.Payload), ['JSON', 'INFO']);
    const lines = Buffer.from(out.LogResult!, 'base64').toString('utf8').split('\n');
    const records = lines.filter((line) => line.startsWith('{"timestamp"')).map((line) => JSON.parse(line));
    assert.equal(records.length, 1, lines.join('\n'));
    const [record] = records;
    assert.match(record.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.deepEqual(
      { level: record.level, message: record.message, logger: record.logger, orderId: record.orderId },
      { level: 'INFO', message: 'order 7 placed', logger: 'orders', orderId: 7 },
    );
    assert.match(record.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(lines.includes('plain print'));
  });

  test('a Python exception in a LogFormat JSON function is logged as one JSON ERROR record', async () => {
    await createFunction(lambda, 'json-error', {
      Runtime: 'python3.12',
      Handler: 'app.handler',
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN' },
      files: { 'app.py': 'def handler(event, context):\n    raise KeyError("missing")\n' },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'json-error', LogType: 'Tail' }));
    assert.equal(out.FunctionError, 'Unhandled');
    const line = Buffer.from(out.LogResult!, 'base64')
      .toString('utf8')
      .split('\n')
      .find((l) => l.startsWith('{"timestamp"'));
    assert.ok(line, 'an ERROR record');
    const record = JSON.parse(line);
    assert.equal(record.level, 'ERROR');
    assert.equal(record.errorType, 'KeyError');
    assert.equal(record.errorMessage, "'missing'");
    assert.equal(record.requestId, json(out.Payload).requestId);
    assert.ok(Array.isArray(record.stackTrace));
  });
});

describe('Lambda Invoke with the data directory inside a project', () => {
  test('a CommonJS .js handler runs even when the project around the data directory is an ES module package', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-project-'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
    const t = await startTributary({ dataDir: path.join(project, '.tributary') });
    const lambda = lambdaClient(t.url);
    try {
      await createFunction(lambda, 'cjs', { Runtime: 'nodejs22.x' });
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'cjs', Payload: Buffer.from('{"k":1}') }));
      assert.equal(out.FunctionError, undefined, text(out.Payload));
      assert.deepEqual(json(out.Payload).echoed, { k: 1 });
    } finally {
      lambda.destroy();
      await t.stop();
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
