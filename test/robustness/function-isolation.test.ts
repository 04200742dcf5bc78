import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { eventually } from '../support/tributary.js';
import { ROLE, zipOf } from '../support/functions.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { clientConfig } from '../support/tributary.js';
import { cleanTempDirs, createHarness, json } from '../engine/engine-harness.js';

const TMP_HANDLER = `
const fs = require('fs'), os = require('os'), path = require('path');
exports.handler = async (event) => {
  const file = path.join(os.tmpdir(), 'mark');
  const seen = fs.existsSync(file);
  fs.writeFileSync(file, 'x');
  return { tmp: os.tmpdir(), seen };
};`;

describe('what a function instance may touch', () => {
  after(cleanTempDirs);

  test('each instance has its own temporary directory under the data dir, kept while warm and removed when it stops', async () => {
    const h = createHarness();
    try {
      const a = h.fn({ 'index.js': TMP_HANDLER });
      const b = h.fn({ 'index.js': TMP_HANDLER });
      const first = json(await h.invoke(a));
      const warm = json(await h.invoke(a));
      const other = json(await h.invoke(b));
      assert.equal(first.seen, false);
      assert.equal(warm.tmp, first.tmp);
      assert.equal(warm.seen, true, 'a warm instance keeps its /tmp, as on Lambda');
      assert.notEqual(other.tmp, first.tmp);
      assert.equal(other.seen, false, 'another function does not see it');
      assert.equal(path.basename(path.dirname(first.tmp)), 'tmp');
      assert.equal(fs.statSync(first.tmp).mode & 0o777, 0o700);
      await h.engine.retire(a.functionArn);
      await eventually(() => (fs.existsSync(first.tmp) ? undefined : true), 5000, 'the stopped instance to lose its temporary directory');
      assert.ok(fs.existsSync(other.tmp));
    } finally {
      await h.stop();
    }
  });

  test("a function's own TMPDIR setting is kept", async () => {
    const h = createHarness();
    try {
      const mine = path.join(path.dirname(h.fn({ x: '' }).codeDir), 'mine');
      fs.mkdirSync(mine, { recursive: true });
      const spec = h.fn({ 'index.js': TMP_HANDLER }, { environment: { TMPDIR: mine } });
      assert.equal(json(await h.invoke(spec)).tmp, mine);
    } finally {
      await h.stop();
    }
  });
});

describe('the code directory (/var/task) through the Lambda API', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, (url) => new LambdaClient(clientConfig(url)));

  test('its files carry no write permission', async () => {
    const handler = "const fs = require('fs'); exports.handler = async () => ({ mode: fs.statSync(__filename).mode & 0o777 });";
    const zip = zipOf({ 'index.js': handler, 'tool.sh': '#!/bin/sh\n' });
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: 'ro-code', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip } }),
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'ro-code' }));
    const { mode } = JSON.parse(Buffer.from(out.Payload!).toString());
    assert.equal(mode & 0o222, 0, `mode ${mode.toString(8)}`);
  });
});
