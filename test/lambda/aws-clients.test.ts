import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tributaryPerSuite } from '../support/suite.js';
import { ROLE, zipOf } from './helpers.js';

const run = promisify(execFile);

const BOTO3_SCRIPT = `
import json, sys, boto3, botocore
endpoint, zip_path = sys.argv[1], sys.argv[2]
client = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
created = client.create_function(FunctionName="boto-fn", Runtime="python3.11", Role="${ROLE}",
                                 Handler="app.handler", Code={"ZipFile": open(zip_path, "rb").read()})
client.get_waiter("function_active_v2").wait(FunctionName="boto-fn", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
out = client.invoke(FunctionName="boto-fn", Payload=json.dumps({"x": 20}), LogType="Tail")
names = [f["FunctionName"] for page in client.get_paginator("list_functions").paginate() for f in page["Functions"]]
try:
    client.get_function(FunctionName="no-such-fn")
    missing = None
except botocore.exceptions.ClientError as e:
    missing = {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
print(json.dumps({
    "created_state": created["State"],
    "status": out["StatusCode"],
    "version": out["ExecutedVersion"],
    "payload": json.loads(out["Payload"].read()),
    "has_log": "LogResult" in out,
    "names": names,
    "missing": missing,
}))
`;

describe('Lambda through the AWS CLI and boto3', () => {
  const t = tributaryPerSuite();
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-clients-'));
  });

  const cliEnv = () => ({
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
  });

  test('the AWS CLI creates and invokes a function', async () => {
    const zipPath = path.join(dir, 'cli.zip');
    fs.writeFileSync(zipPath, zipOf({ 'index.js': `exports.handler = async (e) => ({ doubled: e.n * 2 });\n` }));
    const aws = (...args: string[]) => run('aws', ['--endpoint-url', t.url, '--output', 'json', 'lambda', ...args], { env: cliEnv(), timeout: 60_000 });
    const created = JSON.parse(
      (
        await aws(
          'create-function',
          '--function-name',
          'cli-fn',
          '--runtime',
          'nodejs20.x',
          '--role',
          ROLE,
          '--handler',
          'index.handler',
          '--zip-file',
          `fileb://${zipPath}`,
        )
      ).stdout,
    );
    assert.equal(created.FunctionName, 'cli-fn');
    await aws('wait', 'function-active-v2', '--function-name', 'cli-fn');
    const outFile = path.join(dir, 'out.json');
    const invoked = JSON.parse((await aws('invoke', '--function-name', 'cli-fn', '--payload', '{"n":21}', outFile)).stdout);
    const result = fs.readFileSync(outFile, 'utf8');
    assert.equal(invoked.StatusCode, 200);
    assert.equal(invoked.ExecutedVersion, '$LATEST');
    assert.deepEqual(JSON.parse(result), { doubled: 42 }, `invoke answered ${JSON.stringify(invoked)} with ${result}`);
    const missing = await aws('get-function', '--function-name', 'nope').then(
      () => undefined,
      (err: { stderr: string }) => err.stderr,
    );
    assert.match(missing ?? '', /ResourceNotFoundException.*Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope/);
  });

  test('boto3 creates, waits for, invokes and lists functions', async () => {
    const zipPath = path.join(dir, 'boto.zip');
    fs.writeFileSync(zipPath, zipOf({ 'app.py': `def handler(event, context):\n    return {"half": event["x"] // 2}\n` }));
    const scriptPath = path.join(dir, 'boto_script.py');
    fs.writeFileSync(scriptPath, BOTO3_SCRIPT);
    const { stdout } = await run('python3', [scriptPath, t.url, zipPath], { timeout: 60_000 });
    const result = JSON.parse(stdout);
    assert.equal(result.created_state, 'Pending');
    assert.equal(result.status, 200);
    assert.equal(result.version, '$LATEST');
    assert.deepEqual(result.payload, { half: 10 });
    assert.equal(result.has_log, true);
    assert.ok(result.names.includes('boto-fn'));
    assert.deepEqual(result.missing, {
      code: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-fn',
      status: 404,
    });
  });
});
