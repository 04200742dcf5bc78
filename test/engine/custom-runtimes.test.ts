import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { eventually } from '../support/tributary.js';
import { harnessPerSuite, json, processGone } from './engine-harness.js';

const run = promisify(execFile);

// A custom runtime written against the Runtime API with nothing but the Python standard library.
// It probes the API's refusals and reports everything it saw in its responses.
const PROBING_RUNTIME = `
import http.client, json, os
api = os.environ["AWS_LAMBDA_RUNTIME_API"]
notes = {"env_execution": os.environ.get("AWS_EXECUTION_ENV"), "handler": os.environ.get("_HANDLER")}

def call(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(api)
    conn.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers or {})
    res = conn.getresponse()
    data = res.read()
    return res.status, dict((k.lower(), v) for k, v in res.getheaders()), data.decode()

notes["response_before_next"] = call("POST", "/invocation/nope/response", b"{}")[::2]
while True:
    status, headers, event = call("GET", "/invocation/next")
    rid = headers["lambda-runtime-aws-request-id"]
    notes["headers"] = {k: v for k, v in headers.items() if k.startswith("lambda-runtime-")}
    notes["event"] = json.loads(event)
    notes["next_while_running"] = None
    notes["wrong_id"] = call("POST", "/invocation/not-the-id/response", b"{}")[::2]
    print("custom runtime handling", rid, flush=True)
    if notes["event"].get("fail"):
        result = call("POST", "/invocation/%s/error" % rid, b'{"errorMessage":"custom failure","errorType":"CustomError"}',
                      {"Lambda-Runtime-Function-Error-Type": "CustomError"})
    else:
        result = call("POST", "/invocation/%s/response" % rid, json.dumps(notes).encode())
    notes["accepted"] = result[::2]
    notes["second_response"] = call("POST", "/invocation/%s/response" % rid, b"{}")[::2]
`;

const decode = (pair: [number, string]) => [pair[0], JSON.parse(pair[1])];

describe('custom runtimes (provided.al2023)', () => {
  const h = harnessPerSuite();

  test('runs the package bootstrap with the Runtime API headers and RIE refusals', async () => {
    const spec = h.fn(
      { bootstrap: '#!/bin/sh\nexec python3 "$LAMBDA_TASK_ROOT/runtime.py"\n', 'runtime.py': PROBING_RUNTIME },
      { runtime: 'provided.al2023', handler: 'any.thing' },
    );
    const requestId = '66666666-6666-4666-8666-666666666666';
    const first = await h.invoke(spec, { n: 1 }, { requestId, tail: true, clientContext: '{"custom":{"a":"b"}}' });
    assert.equal(first.outcome, 'success');
    const notes = JSON.parse(first.payload.toString());
    assert.equal(notes.env_execution, null);
    assert.equal(notes.handler, 'any.thing');
    assert.deepEqual(notes.event, { n: 1 });
    assert.equal(notes.headers['lambda-runtime-aws-request-id'], requestId);
    assert.equal(notes.headers['lambda-runtime-invoked-function-arn'], spec.functionArn);
    assert.equal(notes.headers['lambda-runtime-client-context'], '{"custom":{"a":"b"}}');
    assert.equal(notes.headers['lambda-runtime-cognito-identity'], undefined);
    assert.match(notes.headers['lambda-runtime-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    const deadline = Number(notes.headers['lambda-runtime-deadline-ms']);
    assert.ok(deadline > Date.now() && deadline <= Date.now() + 3000, `deadline ${deadline}`);
    assert.deepEqual(decode(notes.response_before_next), [
      403,
      {
        errorMessage: 'State transition from Started to InvocationResponse failed for runtime. Error: State transition is not allowed',
        errorType: 'InvalidStateTransition',
      },
    ]);
    assert.deepEqual(decode(notes.wrong_id), [400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' }]);
    assert.match(first.logTail!, new RegExp(`\\ncustom runtime handling ${requestId}\\n`));

    const second = JSON.parse((await h.invoke(spec, { n: 2 })).payload.toString());
    assert.deepEqual(decode(second.accepted), [202, { status: 'OK' }]);
    assert.deepEqual(decode(second.second_response), [
      403,
      {
        errorMessage: 'State transition from RuntimeResponseSentState to InvocationResponse failed for runtime. Error: State transition is not allowed',
        errorType: 'InvalidStateTransition',
      },
    ]);

    const failed = await h.invoke(spec, { fail: true });
    assert.equal(failed.outcome, 'error');
    assert.equal(failed.errorType, 'CustomError');
    assert.deepEqual(json(failed), { errorMessage: 'custom failure', errorType: 'CustomError' });
  });

  test("uses a layer's bootstrap when the package has none", async () => {
    const layer = h.fn({ bootstrap: '#!/bin/sh\nexec python3 "$LAMBDA_TASK_ROOT/runtime.py"\n' });
    const spec = h.fn({ 'runtime.py': PROBING_RUNTIME }, { runtime: 'provided.al2', layerDirs: [layer.codeDir] });
    assert.deepEqual(json(await h.invoke(spec, { via: 'layer' })).event, { via: 'layer' });
  });

  test('answers the cold invoke with what the runtime posted to /init/error, and refuses it after /next', async () => {
    const spec = h.fn(
      {
        bootstrap: '#!/bin/sh\nexec python3 "$LAMBDA_TASK_ROOT/init_fails.py"\n',
        'init_fails.py': [
          'import http.client, os',
          'c = http.client.HTTPConnection(os.environ["AWS_LAMBDA_RUNTIME_API"])',
          'c.request("POST", "/2018-06-01/runtime/init/error", body=b\'{"errorMessage":"bad config","errorType":"Runtime.ConfigInvalid"}\',',
          '          headers={"Lambda-Runtime-Function-Error-Type": "Runtime.ConfigInvalid"})',
          'print("init/error answered", c.getresponse().status, flush=True)',
          '',
        ].join('\n'),
      },
      { runtime: 'provided.al2023' },
    );
    const result = await h.invoke(spec, {}, { tail: true });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorType, 'Runtime.ConfigInvalid');
    assert.deepEqual(json(result), { errorMessage: 'bad config', errorType: 'Runtime.ConfigInvalid' });
    assert.match(
      result.logTail!,
      /^START RequestId: \S+ Version: \$LATEST\nUnknown application error occurred\nRuntime\.ConfigInvalid\nEND RequestId: \S+\nREPORT /,
    );
    assert.match(result.logTail!, /\tStatus: error\tError Type: Runtime.ConfigInvalid\t\n$/);
    assert.equal(h.engine.stats()[spec.functionArn], undefined, 'the failed instance is discarded');

    const late = h.fn(
      {
        bootstrap: '#!/bin/sh\nexec python3 "$LAMBDA_TASK_ROOT/late.py"\n',
        'late.py': [
          'import http.client, json, os',
          'c = http.client.HTTPConnection(os.environ["AWS_LAMBDA_RUNTIME_API"])',
          'c.request("GET", "/2018-06-01/runtime/invocation/next")',
          'r = c.getresponse(); r.read(); rid = r.getheader("Lambda-Runtime-Aws-Request-Id")',
          'c.request("POST", "/2018-06-01/runtime/init/error", body=b"{}")',
          'r = c.getresponse(); refused = [r.status, json.loads(r.read())]',
          'c.request("POST", "/2018-06-01/runtime/invocation/%s/response" % rid, body=json.dumps(refused).encode())',
          'c.getresponse().read()',
          'c.request("GET", "/2018-06-01/runtime/invocation/next")',
          'c.getresponse().read()',
          '',
        ].join('\n'),
      },
      { runtime: 'provided.al2023' },
    );
    assert.deepEqual(json(await h.invoke(late)), [
      403,
      {
        errorMessage: 'State transition from Running to InitError failed for runtime. Error: State transition is not allowed',
        errorType: 'InvalidStateTransition',
      },
    ]);
  });

  test('reports a missing bootstrap as Runtime.InvalidEntrypoint', async () => {
    const spec = h.fn({ 'README.md': 'no bootstrap here' }, { runtime: 'provided.al2023' });
    const requestId = '77777777-7777-4777-8777-777777777777';
    const result = await h.invoke(spec, {}, { requestId });
    assert.equal(result.errorType, 'Runtime.InvalidEntrypoint');
    assert.deepEqual(json(result), {
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]`,
    });
  });

  test('kills the whole process group of a bootstrap on timeout', async () => {
    const spec = h.fn(
      {
        bootstrap: '#!/bin/sh\nsleep 30 &\necho "background $!"\nexec python3 "$LAMBDA_TASK_ROOT/hang.py"\n',
        'hang.py':
          'import http.client, os, time\nc = http.client.HTTPConnection(os.environ["AWS_LAMBDA_RUNTIME_API"])\nc.request("GET", "/2018-06-01/runtime/invocation/next")\nc.getresponse().read()\ntime.sleep(30)\n',
      },
      { runtime: 'provided.al2023', timeoutSeconds: 1 },
    );
    const result = await h.invoke(spec, {});
    assert.equal(result.errorType, 'Sandbox.Timedout');
    const line = h.logger.lines.find((l) => l.startsWith('background '));
    assert.ok(line, 'the bootstrap reported its background process');
    const pid = Number(line.split(' ')[1]);
    await eventually(() => processGone(pid), 5000, 'the background process to be killed');
  });

  test("runs AWS's own Python runtime interface client (awslambdaric)", async (t) => {
    const spec = h.fn(
      {
        bootstrap: '#!/bin/sh\nexec python3 -m awslambdaric "$_HANDLER"\n',
        'app.py': 'def handler(event, context):\n    print("ric says hi")\n    return {"ric": True, "event": event, "arn": context.invoked_function_arn}\n',
      },
      { runtime: 'provided.al2023', handler: 'app.handler' },
    );
    try {
      await run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', spec.codeDir, 'awslambdaric'], { timeout: 120_000 });
    } catch (error) {
      t.skip(`pip could not install awslambdaric from PyPI: ${String(error).split('\n')[0]}`);
      return;
    }
    const result = await h.invoke(spec, { hello: 'ric' }, { tail: true });
    assert.equal(result.outcome, 'success', result.payload.toString());
    assert.deepEqual(json(result), { ric: true, event: { hello: 'ric' }, arn: spec.functionArn });
    assert.match(result.logTail!, /ric says hi/);
    const second = await h.invoke(spec, { again: true });
    assert.deepEqual(json(second).event, { again: true });
  });
});
