import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { harnessPerSuite, json } from './engine-harness.js';

const run = promisify(execFile);

describe('the Python runtime', () => {
  const h = harnessPerSuite();

  const py = (files: Record<string, string>, handler = 'app.handler', runtime = 'python3.12') => h.fn(files, { runtime, handler });

  test('runs a handler and serializes its result as Python json.dumps does', async () => {
    const spec = py({ 'app.py': 'def handler(event, context):\n    return {"echo": event, "n": 1.5}\n' });
    const result = await h.invoke(spec, { a: [1, 2] });
    assert.equal(result.outcome, 'success');
    assert.equal(result.payload.toString(), '{"echo": {"a": [1, 2]}, "n": 1.5}');
  });

  test('loads handlers from packages and keeps module state between warm invocations', async () => {
    const spec = py(
      {
        'pkg/__init__.py': '',
        'pkg/handlers/__init__.py': '',
        'pkg/handlers/orders.py': 'calls = 0\ndef handle(event, context):\n    global calls\n    calls += 1\n    return calls\n',
      },
      'pkg.handlers.orders.handle',
    );
    assert.equal(json(await h.invoke(spec)), 1);
    assert.equal(json(await h.invoke(spec)), 2);
  });

  test("gives the handler a context object with the members of AWS's Python context", async () => {
    const spec = h.fn(
      {
        'app.py': [
          'import os',
          'def handler(event, context):',
          '    return {',
          '        "function_name": context.function_name, "function_version": context.function_version,',
          '        "invoked_function_arn": context.invoked_function_arn, "memory_limit_in_mb": context.memory_limit_in_mb,',
          '        "aws_request_id": context.aws_request_id, "log_group_name": context.log_group_name,',
          '        "log_stream_name": context.log_stream_name, "remaining": context.get_remaining_time_in_millis(),',
          '        "identity_id": context.identity.cognito_identity_id, "pool_id": context.identity.cognito_identity_pool_id,',
          '        "custom": context.client_context.custom, "installation_id": context.client_context.client.installation_id,',
          '        "trace": os.environ.get("_X_AMZN_TRACE_ID"),',
          '    }',
        ].join('\n'),
      },
      { runtime: 'python3.12', handler: 'app.handler', functionName: 'ctx-python', memorySizeMb: 512, timeoutSeconds: 5 },
    );
    const ctx = json(
      await h.invoke(
        spec,
        {},
        {
          requestId: '11111111-2222-4333-8444-555555555555',
          clientContext: JSON.stringify({ custom: { tenant: 't1' }, client: { installation_id: 'inst-1' } }),
          cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'cid', cognitoIdentityPoolId: 'cpool' }),
          traceId: 'Root=1-00000000-000000000000000000000001;Sampled=0',
        },
      ),
    );
    assert.equal(ctx.function_name, 'ctx-python');
    assert.equal(ctx.function_version, '$LATEST');
    assert.equal(ctx.invoked_function_arn, spec.functionArn);
    assert.equal(ctx.memory_limit_in_mb, '512');
    assert.equal(ctx.aws_request_id, '11111111-2222-4333-8444-555555555555');
    assert.equal(ctx.log_group_name, '/aws/lambda/ctx-python');
    assert.match(ctx.log_stream_name, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok(ctx.remaining > 3000 && ctx.remaining <= 5000, `remaining ${ctx.remaining}`);
    assert.equal(ctx.identity_id, 'cid');
    assert.equal(ctx.pool_id, 'cpool');
    assert.deepEqual(ctx.custom, { tenant: 't1' });
    assert.equal(ctx.installation_id, 'inst-1');
    assert.equal(ctx.trace, 'Root=1-00000000-000000000000000000000001;Sampled=0');
  });

  test('prints plainly and formats logging records as Lambda does', async () => {
    const spec = py({
      'app.py':
        'import logging\nlogger = logging.getLogger()\nlogger.setLevel(logging.INFO)\ndef handler(event, context):\n    print("plain print")\n    logger.info("order %s", "A-1")\n    return None\n',
    });
    const requestId = '22222222-2222-4222-8222-222222222222';
    const result = await h.invoke(spec, {}, { requestId, tail: true });
    assert.equal(result.payload.toString(), 'null');
    const lines = result.logTail!.split('\n');
    assert.equal(lines[1], 'plain print');
    assert.match(lines[2]!, new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${requestId}\\torder A-1$`));
  });

  test('reports a raised exception as {errorMessage, errorType, requestId, stackTrace}', async () => {
    const spec = py({ 'app.py': 'class PaymentDeclined(Exception):\n    pass\n\ndef handler(event, context):\n    raise PaymentDeclined("card expired")\n' });
    const requestId = '33333333-3333-4333-8333-333333333333';
    const result = await h.invoke(spec, {}, { requestId, tail: true });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorType, 'PaymentDeclined');
    const body = json(result);
    assert.deepEqual(Object.keys(body), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.equal(body.errorMessage, 'card expired');
    assert.equal(body.requestId, requestId);
    assert.equal(body.stackTrace.length, 1);
    assert.match(body.stackTrace[0], /^ {2}File ".*app\.py", line 5, in handler\n {4}raise PaymentDeclined\("card expired"\)\n$/);
    // One log record: lines joined by CR, indentation as no-break spaces, as AWS's runtime writes it.
    assert.match(
      result.logTail!,
      /\n\[ERROR\] PaymentDeclined: card expired\rTraceback \(most recent call last\):\r\u00a0\u00a0File ".*app\.py", line 5, in handler\r\u00a0\u00a0\u00a0\u00a0raise PaymentDeclined\("card expired"\)\n/,
    );
  });

  test('reports a missing module as Runtime.ImportModuleError with an empty request id', async () => {
    const spec = py({ 'other.py': '' }, 'lambda_function.lambda_handler');
    const result = await h.invoke(spec);
    assert.equal(result.errorType, 'Runtime.ImportModuleError');
    assert.deepEqual(json(result), {
      errorMessage: "Unable to import module 'lambda_function': No module named 'lambda_function'",
      errorType: 'Runtime.ImportModuleError',
      requestId: '',
      stackTrace: [],
    });
    assert.ok(
      h.logger.lines.some((l) => /^\[WARNING\]\t\d{4}-\d{2}-\d{2}T[\d:.]+Z\t\tLAMBDA_WARNING: Unhandled exception\. /.test(l)),
      'the runtime warns about the unhandled init exception',
    );
  });

  test('reports a missing handler function as Runtime.HandlerNotFound', async () => {
    const spec = py({ 'app.py': 'def other(event, context):\n    return 1\n' });
    const body = json(await h.invoke(spec));
    assert.equal(body.errorType, 'Runtime.HandlerNotFound');
    assert.equal(body.errorMessage, "Handler 'handler' missing on module 'app'");
  });

  test('reports a syntax error as Runtime.UserCodeSyntaxError', async () => {
    const spec = py({ 'app.py': 'def handler(event context):\n    return 1\n' });
    const body = json(await h.invoke(spec));
    assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(body.errorMessage, /^Syntax error in module 'app': /);
  });

  test('puts layer python directories on sys.path after the code directory', async () => {
    const layer = h.fn({
      'python/shared_util.py': 'WHO = "layer"\n',
      'python/lib/python3.12/site-packages/vendored.py': 'WHO = "site"\n',
      'python/lib/python3.12/site-packages/extra.pth': 'extra_dir\n',
      'python/lib/python3.12/site-packages/extra_dir/from_pth.py': 'WHO = "pth"\n',
    });
    const spec = h.fn(
      { 'app.py': 'import shared_util, vendored, from_pth\ndef handler(event, context):\n    return [shared_util.WHO, vendored.WHO, from_pth.WHO]\n' },
      { runtime: 'python3.12', handler: 'app.handler', layerDirs: [layer.codeDir] },
    );
    assert.deepEqual(json(await h.invoke(spec)), ['layer', 'site', 'pth']);
  });

  test('runs other Python minor versions with the closest installed interpreter', async () => {
    const spec = py(
      {
        'app.py': 'import os, sys\ndef handler(event, context):\n    return [sys.version_info[0], sys.version_info[1] >= 9, os.environ["AWS_EXECUTION_ENV"]]\n',
      },
      'app.handler',
      'python3.9',
    );
    assert.deepEqual(json(await h.invoke(spec)), [3, true, 'AWS_Lambda_python3.9']);
  });

  test("imports boto3 in every Python runtime, pointed at Tributary's endpoint, as Lambda bundles it", async (t) => {
    try {
      await run('python3', ['-c', 'import boto3']);
    } catch {
      t.skip('the machine has no boto3 for python3 (pip install boto3)');
      return;
    }
    for (const runtime of ['python3.12', 'python3.13']) {
      const spec = py({ 'app.py': 'import boto3\ndef handler(event, context):\n    return boto3.client("sqs").meta.endpoint_url\n' }, 'app.handler', runtime);
      const result = await h.invoke(spec);
      assert.equal(result.outcome, 'success', result.payload.toString());
      assert.equal(json(result), 'http://127.0.0.1:4566');
    }
  });

  test("hides the machine's other Python packages, which Lambda does not have", async (t) => {
    try {
      await run('python3', ['-c', 'import moto']);
    } catch {
      t.skip('the machine has no moto to hide (pip install moto)');
      return;
    }
    const spec = py(
      {
        'app.py':
          'import importlib.util\ndef handler(event, context):\n    return [importlib.util.find_spec(m) is not None for m in ("moto", "boto3", "botocore", "json")]\n',
      },
      'app.handler',
      'python3.11',
    );
    assert.deepEqual(json(await h.invoke(spec)), [false, true, true, true]);
  });

  test('serializes Decimal values and returns bytes results as they are', async () => {
    const spec = py({
      'app.py':
        'from decimal import Decimal\ndef handler(event, context):\n    if event.get("raw"):\n        return b"raw bytes"\n    return {"price": Decimal("12.5"), "count": Decimal("3")}\n',
    });
    assert.equal((await h.invoke(spec)).payload.toString(), '{"price": 12.5, "count": 3}');
    assert.equal((await h.invoke(spec, { raw: true })).payload.toString(), 'raw bytes');
  });

  test('reports an unserializable result as Runtime.MarshalError', async () => {
    const spec = py({ 'app.py': 'def handler(event, context):\n    return {1, 2}\n' });
    const body = json(await h.invoke(spec));
    assert.equal(body.errorType, 'Runtime.MarshalError');
    assert.equal(body.errorMessage, 'Unable to marshal response: Object of type set is not JSON serializable');
  });
});
