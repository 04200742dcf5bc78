import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import AdmZip from 'adm-zip';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ricClasspath } from '../../src/engine/java-ric.js';
import { installedJavaMajors } from '../../src/engine/java-runtime.js';
import type { FunctionSpec } from '../../src/engine/types.js';
import { startTributary, type TestTributary } from '../support/tributary.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';
import { cleanTempDirs, createHarness, json, tempDir, writeFiles, type Harness } from './engine-harness.js';

const run = promisify(execFile);

const SOURCES: Record<string, string> = {
  'com/example/Handler.java': `package com.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.dep.Greeter;
import java.util.HashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static int calls = 0;

  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    calls++;
    if (event.containsKey("fail")) throw new RuntimeException("cannot do " + event.get("fail"));
    if (event.containsKey("sleepMs")) {
      try { Thread.sleep(((Number) event.get("sleepMs")).longValue()); } catch (InterruptedException e) { throw new RuntimeException(e); }
    }
    System.out.println("printed by " + context.getFunctionName());
    context.getLogger().log("logged through the context logger");
    Map<String, Object> out = new HashMap<>();
    out.put("calls", calls);
    out.put("greeting", Greeter.greet(String.valueOf(event.get("name"))));
    out.put("functionName", context.getFunctionName());
    out.put("functionVersion", context.getFunctionVersion());
    out.put("invokedFunctionArn", context.getInvokedFunctionArn());
    out.put("memoryLimitInMB", context.getMemoryLimitInMB());
    out.put("awsRequestId", context.getAwsRequestId());
    out.put("logGroupName", context.getLogGroupName());
    out.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
    out.put("greetingVariable", System.getenv("GREETING"));
    out.put("executionEnv", System.getenv("AWS_EXECUTION_ENV"));
    out.put("taskRoot", System.getenv("LAMBDA_TASK_ROOT"));
    out.put("traceId", System.getProperty("com.amazonaws.xray.traceHeader"));
    out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return out;
  }
}
`,
  'com/example/StreamHandler.java': `package com.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public class StreamHandler implements RequestStreamHandler {
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    output.write(("{\\"received\\":" + body + ",\\"requestId\\":\\"" + context.getAwsRequestId() + "\\"}").getBytes(StandardCharsets.UTF_8));
  }
}
`,
  'com/example/dep/Greeter.java': `package com.example.dep;

public class Greeter {
  public static String greet(String name) {
    return "hello " + name;
  }
}
`,
};

/** Every file of `dir`, relative paths to bytes. */
function filesUnder(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [name, bytes] of filesUnder(path.join(dir, entry.name), relative)) files.set(name, bytes);
    else files.set(relative, fs.readFileSync(path.join(dir, entry.name)));
  }
  return files;
}

/**
 * Compiles the handlers and packages them as users package for AWS: the function's classes at the
 * root, its dependency as a jar under lib/; or why the Java tests cannot run here.
 */
async function buildPackage(): Promise<{ files: Map<string, Buffer>; shaded: Map<string, Buffer> } | { skip: string }> {
  try {
    await run('javac', ['-version']);
  } catch {
    return { skip: 'javac is not installed' };
  }
  let coreJar: string | undefined;
  try {
    coreJar = (await ricClasspath()).jars.find((jar) => path.basename(jar).startsWith('aws-lambda-java-core-'));
  } catch (error) {
    return { skip: `the Java runtime interface client is unavailable (Maven Central unreachable?): ${(error as Error).message}` };
  }
  const work = tempDir('tributary-java-build-');
  writeFiles(path.join(work, 'src'), SOURCES);
  const classes = path.join(work, 'classes');
  await run('javac', ['--release', '11', '-cp', coreJar!, '-d', classes, ...Object.keys(SOURCES).map((file) => path.join(work, 'src', file))]);
  const compiled = filesUnder(classes);
  const dependency = new AdmZip();
  const files = new Map<string, Buffer>();
  for (const [name, bytes] of compiled) {
    if (name.startsWith('com/example/dep/')) dependency.addFile(name, bytes);
    else files.set(name, bytes);
  }
  files.set('lib/greeter.jar', dependency.toBuffer());
  // A shaded jar (maven-shade-plugin): every class at the root, aws-lambda-java-core's included.
  const shaded = new Map(compiled);
  for (const entry of new AdmZip(coreJar!).getEntries()) if (!entry.isDirectory) shaded.set(entry.entryName, entry.getData());
  shaded.set('META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\r\nCreated-By: tributary-test\r\n\r\n'));
  return { files, shaded };
}

function zipOf(files: Map<string, Buffer>): Buffer {
  const zip = new AdmZip();
  for (const [name, bytes] of files) zip.addFile(name, bytes);
  return zip.toBuffer();
}

describe('the Java runtimes', () => {
  let h: Harness;
  let pkg: Map<string, Buffer> | undefined;
  let shadedJar: Map<string, Buffer> | undefined;
  let skip: string | undefined;

  before(async () => {
    h = createHarness();
    const built = await buildPackage();
    if ('skip' in built) skip = built.skip;
    else {
      pkg = built.files;
      shadedJar = built.shaded;
    }
  });
  after(async () => {
    await h.stop();
    cleanTempDirs();
  });

  /** A function whose code directory holds the package (as Lambda unpacks the zip), optionally altered. */
  const java = (overrides: Partial<FunctionSpec> = {}, alter?: (files: Map<string, Buffer>) => void): FunctionSpec => {
    const spec = h.fn({}, { runtime: 'java17', handler: 'com.example.Handler::handleRequest', ...overrides });
    const files = new Map(pkg);
    alter?.(files);
    for (const [name, bytes] of files) {
      fs.mkdirSync(path.dirname(path.join(spec.codeDir, name)), { recursive: true });
      fs.writeFileSync(path.join(spec.codeDir, name), bytes);
    }
    return spec;
  };

  test('runs a RequestHandler with its lib/ dependencies and keeps its state between warm invocations', async (t) => {
    if (skip) return t.skip(skip);
    const spec = java();
    const cold = await h.invoke(spec, { name: 'ada' });
    assert.equal(cold.outcome, 'success', cold.payload.toString());
    assert.equal(json(cold).calls, 1);
    assert.equal(json(cold).greeting, 'hello ada');
    assert.ok(cold.initDurationMs !== undefined);
    const warm = await h.invoke(spec, { name: 'bob' });
    assert.equal(json(warm).calls, 2);
    assert.equal(json(warm).greeting, 'hello bob');
    assert.equal(warm.initDurationMs, undefined);
    assert.deepEqual(h.engine.stats()[spec.functionArn], { busy: 0, idle: 1 });
  });

  test("finds dependency jars in a layer's java/lib", async (t) => {
    if (skip) return t.skip(skip);
    const layer = tempDir('tributary-java-layer-');
    fs.mkdirSync(path.join(layer, 'java', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(layer, 'java', 'lib', 'greeter.jar'), pkg!.get('lib/greeter.jar')!);
    const spec = java({ layerDirs: [layer] }, (files) => files.delete('lib/greeter.jar'));
    const result = await h.invoke(spec, { name: 'layered' });
    assert.equal(result.outcome, 'success', result.payload.toString());
    assert.equal(json(result).greeting, 'hello layered');
  });

  test("gives the handler Lambda's context, its environment variables, a heap sized from the memory setting and the trace header as the X-Ray system property", async (t) => {
    if (skip) return t.skip(skip);
    const spec = java({ functionName: 'ctx-java', memorySizeMb: 512, timeoutSeconds: 5, environment: { GREETING: 'hi' }, runtime: 'java21' });
    const traceId = 'Root=1-00000000-000000000000000000000002;Sampled=0';
    const result = await h.invoke(spec, { name: 'x' }, { requestId: '11111111-2222-4333-8444-555555555555', traceId });
    assert.equal(result.outcome, 'success', result.payload.toString());
    const ctx = json(result);
    assert.equal(ctx.functionName, 'ctx-java');
    assert.equal(ctx.functionVersion, '$LATEST');
    assert.equal(ctx.invokedFunctionArn, spec.functionArn);
    assert.equal(ctx.memoryLimitInMB, 512);
    assert.equal(ctx.awsRequestId, '11111111-2222-4333-8444-555555555555');
    assert.equal(ctx.logGroupName, '/aws/lambda/ctx-java');
    assert.ok(ctx.remainingTimeInMillis > 3000 && ctx.remainingTimeInMillis <= 5000, `remaining ${ctx.remainingTimeInMillis}`);
    assert.equal(ctx.greetingVariable, 'hi');
    assert.equal(ctx.executionEnv, 'AWS_Lambda_java21');
    assert.equal(ctx.taskRoot, spec.codeDir);
    assert.equal(ctx.traceId, traceId);
    // The heap is 85% of the memory setting, as on Lambda (the JVM reports a little less than its maximum).
    assert.ok(ctx.maxHeapMb > 380 && ctx.maxHeapMb <= 435, `max heap ${ctx.maxHeapMb} MB`);
  });

  test('writes System.out and the context logger to the function log between START and END', async (t) => {
    if (skip) return t.skip(skip);
    const spec = java({ functionName: 'logs-java' });
    const result = await h.invoke(spec, { name: 'x' }, { tail: true });
    const lines = result.logTail!.split('\n');
    const start = lines.findIndex((line) => line.startsWith('START RequestId:'));
    const end = lines.findIndex((line) => line.startsWith('END RequestId:'));
    const printed = lines.indexOf('printed by logs-java');
    const logged = lines.indexOf('logged through the context logger');
    assert.ok(start >= 0 && start < printed && printed < end, result.logTail);
    assert.ok(start < logged && logged < end, result.logTail);
    assert.match(lines[end + 1]!, /^REPORT RequestId: .*Init Duration: /);
  });

  test("reports a thrown exception as Java's error JSON and keeps the instance", async (t) => {
    if (skip) return t.skip(skip);
    const spec = java();
    const result = await h.invoke(spec, { fail: 'that' });
    assert.equal(result.outcome, 'error');
    const error = json(result);
    assert.equal(error.errorType, 'java.lang.RuntimeException');
    assert.equal(error.errorMessage, 'cannot do that');
    assert.ok(Array.isArray(error.stackTrace));
    assert.match(error.stackTrace[0], /^com\.example\.Handler\.handleRequest\(Handler\.java:\d+\)$/);
    const next = await h.invoke(spec, { name: 'again' });
    assert.equal(json(next).calls, 2);
  });

  test('runs a RequestStreamHandler named by its class alone', async (t) => {
    if (skip) return t.skip(skip);
    const spec = java({ handler: 'com.example.StreamHandler' });
    const result = await h.invoke(spec, { raw: [1, 2] }, { requestId: '22222222-2222-4333-8444-555555555555' });
    assert.equal(result.outcome, 'success', result.payload.toString());
    assert.deepEqual(json(result), { received: { raw: [1, 2] }, requestId: '22222222-2222-4333-8444-555555555555' });
  });

  test('stops a handler that runs past the timeout', async (t) => {
    if (skip) return t.skip(skip);
    const spec = java({ timeoutSeconds: 1 });
    const result = await h.invoke(spec, { sleepMs: 5000 });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorType, 'Sandbox.Timedout');
    assert.match(json(result).errorMessage, /Task timed out after 1\.00 seconds/);
  });

  test('fails the cold start when the handler class does not exist', async (t) => {
    if (skip) return t.skip(skip);
    const spec = java({ handler: 'com.example.Missing::handleRequest' });
    const result = await h.invoke(spec, {});
    assert.equal(result.outcome, 'error');
    const error = json(result);
    assert.equal(error.errorType, 'java.lang.ClassNotFoundException');
    assert.match(error.errorMessage, /com\.example\.Missing/);
  });

  test('fails the cold start with UnsupportedClassVersionError when classes are newer than the installed Java', async (t) => {
    if (skip) return t.skip(skip);
    if (installedJavaMajors().includes(21)) return t.skip('a Java 21 JDK is installed, so java21 classes load');
    const spec = java({ runtime: 'java21' }, (files) => {
      const bytes = Buffer.from(files.get('com/example/Handler.class')!);
      bytes.writeUInt16BE(65, 6); // class file major version 65: Java 21
      files.set('com/example/Handler.class', bytes);
    });
    const result = await h.invoke(spec, {});
    assert.equal(result.outcome, 'error');
    const error = json(result);
    assert.equal(error.errorType, 'java.lang.UnsupportedClassVersionError');
    assert.match(error.errorMessage, /class file version 65\.0/);
  });

  describe('through the Lambda API', () => {
    let tributary: TestTributary;
    let lambda: LambdaClient;
    before(async () => {
      tributary = await startTributary();
      lambda = lambdaClient(tributary.url);
    });
    after(async () => {
      lambda.destroy();
      await tributary.stop();
    });

    test('a zip deployed with CreateFunction on java11, java17 and java21 runs unchanged', async (t) => {
      if (skip) return t.skip(skip);
      for (const runtime of ['java11', 'java17', 'java21'] as const) {
        const name = `hello-${runtime}`;
        await createFunction(lambda, name, {
          Runtime: runtime,
          Handler: 'com.example.Handler::handleRequest',
          Code: { ZipFile: zipOf(pkg!) },
          Environment: { Variables: { GREETING: runtime } },
        });
        const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"name":"sdk"}'), LogType: 'Tail' }));
        assert.equal(out.StatusCode, 200);
        assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
        const body = JSON.parse(Buffer.from(out.Payload!).toString());
        assert.equal(body.greeting, 'hello sdk');
        assert.equal(body.greetingVariable, runtime);
        assert.equal(body.executionEnv, `AWS_Lambda_${runtime}`);
        assert.match(Buffer.from(out.LogResult!, 'base64').toString(), new RegExp(`printed by ${name}`));
      }
    });

    test('a shaded jar with aws-lambda-java-core inside runs as the deployment package', async (t) => {
      if (skip) return t.skip(skip);
      await createFunction(lambda, 'shaded-java21', { Runtime: 'java21', Handler: 'com.example.Handler::handleRequest', Code: { ZipFile: zipOf(shadedJar!) } });
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'shaded-java21', Payload: Buffer.from('{"name":"shade"}') }));
      assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
      assert.equal(JSON.parse(Buffer.from(out.Payload!).toString()).greeting, 'hello shade');
    });

    test('a thrown exception reaches the caller as an Unhandled function error', async (t) => {
      if (skip) return t.skip(skip);
      await createFunction(lambda, 'thrower-java17', { Runtime: 'java17', Handler: 'com.example.Handler', Code: { ZipFile: zipOf(pkg!) } });
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'thrower-java17', Payload: Buffer.from('{"fail":"it"}') }));
      assert.equal(out.StatusCode, 200);
      assert.equal(out.FunctionError, 'Unhandled');
      const error = JSON.parse(Buffer.from(out.Payload!).toString());
      assert.equal(error.errorType, 'java.lang.RuntimeException');
      assert.equal(error.errorMessage, 'cannot do it');
    });
  });
});
