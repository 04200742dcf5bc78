import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { freePort, spawnTributary } from '../support/processes.js';
import { eventually } from '../support/tributary.js';
import { createTable, dynamo } from './helpers.js';

async function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const { child } = spawnTributary(['start', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
    env: { ...process.env, TRIBUTARY_FUNCTION_LOGS: '0', TRIBUTARY_TRIGGER_LOGS: '0' },
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`Tributary exited with ${child.exitCode}`);
      return fetch(`${url}/_tributary/health`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      );
    },
    20_000,
    'Tributary to listen',
  );
  return { child, url };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('DynamoDB durability', () => {
  it('keeps every acknowledged write across a kill -9', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-ddb-crash-'));
    const first = await start(dataDir);
    let db = dynamo(first.url);
    try {
      await createTable(db, 'durable', { range: 'N' });
      await db.send(new PutItemCommand({ TableName: 'durable', Item: { pk: { S: 'a' }, sk: { N: '0' }, v: { N: '1' } } }));
      await db.send(
        new UpdateItemCommand({
          TableName: 'durable',
          Key: { pk: { S: 'a' }, sk: { N: '0' } },
          UpdateExpression: 'ADD v :n',
          ExpressionAttributeValues: { ':n': { N: '41' } },
        }),
      );
      await db.send(
        new BatchWriteItemCommand({
          RequestItems: { durable: Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { pk: { S: 'a' }, sk: { N: String(i + 1) } } } })) },
        }),
      );
      await db.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'durable', Item: { pk: { S: 'tx' }, sk: { N: '1' } } } }] }));
    } finally {
      db.destroy();
      await killHard(first.child);
    }
    const second = await start(dataDir);
    db = dynamo(second.url);
    try {
      const { Item } = await db.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: 'a' }, sk: { N: '0' } } }));
      assert.deepEqual(Item?.v, { N: '42' });
      const q = await db.send(new QueryCommand({ TableName: 'durable', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } }));
      assert.equal(q.Count, 21);
      assert.ok((await db.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: 'tx' }, sk: { N: '1' } } }))).Item);
    } finally {
      db.destroy();
      await killHard(second.child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
