/**
 * DynamoDB Streams mapping benchmark: PutItem → stream-mapped handler start latency (p50/p99, one
 * item at a time on an idle table), and mapping throughput: records per second from a stream
 * backlog into a no-op Node.js handler at BatchSize 100. Prints numbers, never asserts.
 *
 * No peer runs beside it: moto's server keeps streams but runs no event source mappings without Docker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, spawnServer, summary, zipOf } from './support.js';

const LATENCY_SAMPLES = Number(process.env.BENCH_DDB_LATENCY_SAMPLES ?? 300);
const RECORDS = Number(process.env.BENCH_DDB_RECORDS ?? 20_000);
const WRITERS = 8;

/** Stamps the start of each invoke for the first record's key (latency), or counts records (throughput). */
const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  const start = performance.timeOrigin + performance.now();
  if (process.env.STAMP_FILE) fs.appendFileSync(process.env.STAMP_FILE, event.Records[0].dynamodb.Keys.pk.S + ' ' + start + '\\n');
  else fs.appendFileSync(process.env.COUNT_FILE, event.Records.length + '\\n');
};
`;

const now = () => performance.timeOrigin + performance.now();
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

async function main(): Promise<void> {
  const server = await spawnServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-ddb-streams-'));
  const config = { endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS };
  const lambda = new LambdaClient(config);
  const ddb = new DynamoDBClient(config);

  async function table(name: string): Promise<string> {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    for (;;) {
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE' && Table.LatestStreamArn) return Table.LatestStreamArn;
      await sleep(5);
    }
  }

  async function fn(name: string, env: Record<string, string>): Promise<void> {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
        Environment: { Variables: env },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  }

  async function mapping(functionName: string, streamArn: string, enabled: boolean): Promise<string> {
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: functionName,
        EventSourceArn: streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        Enabled: enabled,
      }),
    );
    await waitState(UUID!, enabled ? 'Enabled' : 'Disabled');
    return UUID!;
  }

  async function waitState(uuid: string, state: string): Promise<void> {
    while ((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State !== state) await sleep(5);
  }

  try {
    // Latency: one PutItem at a time; from just before the call to the handler's start.
    const stampFile = path.join(dir, 'stamps.txt');
    const latencyStream = await table('latency');
    await fn('latency', { STAMP_FILE: stampFile });
    await mapping('latency', latencyStream, true);
    const samples: number[] = [];
    const putSamples: number[] = [];
    let seen = 0;
    for (let i = -5; i < LATENCY_SAMPLES; i++) {
      const sent = now();
      await ddb.send(new PutItemCommand({ TableName: 'latency', Item: { pk: { S: `k${i}` }, n: { N: String(i) } } }));
      if (i >= 0) putSamples.push(now() - sent);
      for (;;) {
        const lines = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').split('\n').filter(Boolean) : [];
        if (lines.length > seen) {
          const [key, start] = lines[lines.length - 1]!.split(' ');
          seen = lines.length;
          // The first few warm the instance up.
          if (key === `k${i}` && i >= 0) samples.push(Number(start) - sent);
          break;
        }
        await sleep(0.2);
      }
    }
    console.log(`PutItem → stream-mapped handler start: ${summary(samples)}`);
    console.log(`(the PutItem call's own round trip, same run, for the machine's load: ${summary(putSamples)})`);

    // Throughput: a backlog of RECORDS items, then the mapping is enabled and drains it at BatchSize 100.
    const countFile = path.join(dir, 'count.txt');
    const backlogStream = await table('backlog');
    await fn('backlog', { COUNT_FILE: countFile });
    const uuid = await mapping('backlog', backlogStream, false);
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (;;) {
          const from = next;
          next += 25;
          if (from >= RECORDS) return;
          const items = Array.from({ length: Math.min(25, RECORDS - from) }, (_, j) => ({
            PutRequest: { Item: { pk: { S: `b${from + j}` }, n: { N: String(from + j) } } },
          }));
          await ddb.send(new BatchWriteItemCommand({ RequestItems: { backlog: items } }));
        }
      }),
    );
    const started = now();
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    const counted = () =>
      fs.existsSync(countFile)
        ? fs
            .readFileSync(countFile, 'utf8')
            .split('\n')
            .reduce((n, l) => n + (l ? Number(l) : 0), 0)
        : 0;
    const deadline = Date.now() + 120_000;
    while (counted() < RECORDS && Date.now() < deadline) await sleep(10);
    const seconds = (now() - started) / 1000;
    const done = counted();
    console.log(
      `stream mapping throughput, BatchSize 100, no-op handler: ${(done / seconds).toFixed(0)} records/s (${done} records in ${seconds.toFixed(2)} s)`,
    );
  } finally {
    lambda.destroy();
    ddb.destroy();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
