import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, eventually, startTributary, type TestTributary } from '../support/tributary.js';
import { awsError, createFunction, lambdaClient, ROLE, zipOf } from './helpers.js';

const json = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

/** The unpacked code directories (named by the package's SHA-256) in a data directory. */
const unpackedPackages = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'lambda', 'code')).filter((name) => /^[0-9a-f]{64}$/.test(name));

describe('Lambda function lifecycle', () => {
  const running: TestTributary[] = [];
  after(async () => {
    for (const t of running) await t.stop().catch(() => {});
  });

  test('functions, their latest code and settings survive a restart, and replaced packages are swept', async () => {
    const first = await startTributary();
    running.push(first);
    const lambda = lambdaClient(first.url);
    await createFunction(lambda, 'durable', {
      files: { 'index.js': `exports.handler = async () => ({ greeting: process.env.GREETING });\n` },
      Environment: { Variables: { GREETING: 'still here' } },
      Tags: { keep: 'yes' },
    });
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'durable',
        ZipFile: zipOf({ 'index.js': `exports.handler = async () => ({ greeting: process.env.GREETING, v: 2 });\n` }),
      }),
    );
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'durable' });
    assert.equal(unpackedPackages(first.dataDir).length, 2);
    lambda.destroy();
    await first.stop();
    running.pop();

    const second = await startTributary({ dataDir: first.dataDir });
    running.push(second);
    const again = lambdaClient(second.url);
    const got = await again.send(new GetFunctionCommand({ FunctionName: 'durable' }));
    assert.equal(got.Configuration!.State, 'Active');
    assert.deepEqual(got.Tags, { keep: 'yes' });
    const out = await again.send(new InvokeCommand({ FunctionName: 'durable' }));
    assert.deepEqual(json(out.Payload), { greeting: 'still here', v: 2 });
    // The replaced package is swept at start-up; the current one stays.
    assert.equal(unpackedPackages(first.dataDir).length, 1);
    again.destroy();
  });

  test('a hot-reload function runs from its directory and picks up edits without a redeploy', async () => {
    const t = await startTributary();
    running.push(t);
    const lambda = lambdaClient(t.url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-hot-'));
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.handler = async () => 'first';\n`);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'hot',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { S3Bucket: 'hot-reload', S3Key: dir },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'hot' });
    const first = await lambda.send(new InvokeCommand({ FunctionName: 'hot' }));
    assert.equal(json(first.Payload), 'first');
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.handler = async () => 'second';\n`);
    await eventually(
      async () => {
        const out = await lambda.send(new InvokeCommand({ FunctionName: 'hot' }));
        return json(out.Payload) === 'second' ? true : undefined;
      },
      10_000,
      'the edited handler',
    );
    lambda.destroy();
  });

  test('functions talk back to Tributary through their SDK with no endpoint in code', async () => {
    const t = await startTributary();
    running.push(t);
    const lambda = lambdaClient(t.url);
    await createFunction(lambda, 'callee', { files: { 'index.js': `exports.handler = async (e) => ({ called: e.from });\n` } });
    await createFunction(lambda, 'caller-py', {
      Runtime: 'python3.11',
      Handler: 'app.handler',
      files: {
        'app.py': [
          'import json, boto3',
          'def handler(event, context):',
          '    out = boto3.client("lambda").invoke(FunctionName="callee", Payload=json.dumps({"from": "python"}))',
          '    return json.loads(out["Payload"].read())',
          '',
        ].join('\n'),
      },
      Timeout: 30,
    });
    const py = await lambda.send(new InvokeCommand({ FunctionName: 'caller-py' }));
    assert.equal(py.FunctionError, undefined, Buffer.from(py.Payload ?? []).toString());
    assert.deepEqual(json(py.Payload), { called: 'python' });
    await createFunction(lambda, 'caller-node', {
      files: {
        'index.js': [
          `const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');`,
          `exports.handler = async () => {`,
          `  const out = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'callee', Payload: JSON.stringify({ from: 'node' }) }));`,
          `  return JSON.parse(Buffer.from(out.Payload).toString());`,
          `};`,
        ].join('\n'),
      },
      Timeout: 30,
    });
    const node = await lambda.send(new InvokeCommand({ FunctionName: 'caller-node' }));
    assert.equal(node.FunctionError, undefined, Buffer.from(node.Payload ?? []).toString());
    assert.deepEqual(json(node.Payload), { called: 'node' });
    lambda.destroy();
  });

  test('a function can be deployed from a zip stored in S3', async () => {
    const t = await startTributary();
    running.push(t);
    const lambda = lambdaClient(t.url);
    const s3 = new S3Client(clientConfig(t.url));
    await s3.send(new CreateBucketCommand({ Bucket: 'deployments' }));
    await s3.send(new PutObjectCommand({ Bucket: 'deployments', Key: 'fn/v1.zip', Body: zipOf({ 'index.js': `exports.handler = async () => 'from s3';\n` }) }));
    await createFunction(lambda, 'from-s3', { Code: { S3Bucket: 'deployments', S3Key: 'fn/v1.zip' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'from-s3' }));
    assert.equal(json(out.Payload), 'from s3');
    const missing = await awsError(createFunction(lambda, 'no-key', { Code: { S3Bucket: 'deployments', S3Key: 'nope.zip' } }));
    assert.equal(missing.name, 'InvalidParameterValueException');
    assert.match(missing.message, /^Error occurred while GetObject\. S3 Error Code: NoSuchKey\./);
    s3.destroy();
    lambda.destroy();
  });
});
