import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createFunction } from '../esm/helpers.js';
import { tempDir } from '../support/functions.js';
import { clientConfig, eventually } from '../support/tributary.js';
import { createStreamTable } from './helpers.js';

/** Writes `key:version` per record, a little slowly, so a kill lands mid-stream. */
const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  await new Promise((r) => setTimeout(r, 30));
  fs.appendFileSync(process.env.RECORD_FILE, event.Records.map((r) => r.dynamodb.Keys.pk.S + ':' + r.dynamodb.NewImage.v.N + '\\n').join(''));
};
`;

const launcher = path.join(path.dirname(new URL(import.meta.url).pathname), '../esm/child-tributary.ts');

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', launcher, 'start', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, TRIBUTARY_FUNCTION_LOGS: '0', TRIBUTARY_DYNAMODB_STREAM_SHARD_RECORDS: '40' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Tributary did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`Tributary exited with ${code}: ${out}`)));
  });
}

describe('killing Tributary while a stream mapping is processing', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  test('kill -9 mid-stream: after a restart no record is skipped and none of a key is processed out of order (shards rolling over meanwhile)', async () => {
    const dataDir = tempDir('esm-streams-kill-');
    const file = path.join(dataDir, 'processed.log');
    const first = await startChild(dataDir);
    children.push(first.child);
    let lambda = new LambdaClient(clientConfig(first.url));
    const ddb = new DynamoDBClient(clientConfig(first.url));
    const streamArn = await createStreamTable(ddb, 'Durable', 'NEW_AND_OLD_IMAGES', 'pk');
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
    const versions = 24;
    for (let v = 0; v < versions; v++) {
      for (const k of keys) await ddb.send(new PutItemCommand({ TableName: 'Durable', Item: { pk: { S: k }, v: { N: String(v) } } }));
    }
    ddb.destroy();
    await createFunction(lambda, 'durable-stream', { 'index.js': HANDLER }, { RECORD_FILE: file });
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'durable-stream',
        EventSourceArn: streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        ParallelizationFactor: 2,
      }),
    );
    const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    await eventually(() => (lines().length >= 20 ? true : undefined), 20_000, 'processing to be under way');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    lambda.destroy();
    const total = keys.length * versions;
    assert.ok(lines().length < total, 'killed before the stream was drained');

    const second = await startChild(dataDir);
    children.push(second.child);
    lambda = new LambdaClient(clientConfig(second.url));
    await eventually(() => (new Set(lines()).size === total ? true : undefined), 30_000, 'every record to be processed').catch((err: Error) => {
      const missing = keys.flatMap((k) => Array.from({ length: versions }, (_, v) => `${k}:${v}`)).filter((l) => !lines().includes(l));
      throw new Error(`${err.message}; missing ${missing.join(' ')}`);
    });
    for (const k of keys) {
      const seen = lines()
        .filter((l) => l.startsWith(`${k}:`))
        .map((l) => Number(l.split(':')[1]));
      // At least once: what was in flight at the kill comes again, from the lane's checkpoint on; never a gap, never backwards past it.
      const firstSeen = seen.filter((v, i) => seen.indexOf(v) === i);
      assert.deepEqual(
        firstSeen,
        Array.from({ length: versions }, (_, v) => v),
        `order of ${k}`,
      );
      for (let i = 1; i < seen.length; i++) {
        if (seen[i]! <= seen[i - 1]!) assert.ok(seen[i - 1]! - seen[i]! < 8, `a replay of ${k} goes back only to its lane's checkpoint`);
      }
    }
    lambda.destroy();
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
