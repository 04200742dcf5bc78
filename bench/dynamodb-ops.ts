/**
 * DynamoDB item throughput: PutItem, GetItem and Query ops/s through @aws-sdk/client-dynamodb with
 * 8 concurrent clients, against Tributary (the built server, its own process) and moto's server in
 * the same run. Each figure is the median of ROUNDS rounds. Usage: npm run bench -- dynamodb-ops
 * Env: DDB_BENCH_OPS (ops per round and operation, default 2000; moto gets a fifth), DDB_BENCH_ROUNDS (default 3).
 */
import { Agent } from 'node:http';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BENCH_CREDENTIALS, spawnServer, startMoto } from './support.js';

const OPS = Number(process.env.DDB_BENCH_OPS ?? 2000);
const ROUNDS = Number(process.env.DDB_BENCH_ROUNDS ?? 3);
const CLIENTS = 8;

type Operation = 'PutItem' | 'GetItem' | 'Query';
const OPERATIONS: Operation[] = ['PutItem', 'GetItem', 'Query'];

function client(url: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: BENCH_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 1 }) }),
  });
}

function request(op: Operation, i: number) {
  const pk = { S: `user-${i % 100}` };
  const sk = { N: String(i) };
  if (op === 'PutItem') return new PutItemCommand({ TableName: 'bench', Item: { pk, sk, name: { S: `name ${i}` }, n: { N: String(i * 3) } } });
  if (op === 'GetItem') return new GetItemCommand({ TableName: 'bench', Key: { pk, sk } });
  return new QueryCommand({
    TableName: 'bench',
    KeyConditionExpression: 'pk = :p AND sk < :s',
    ExpressionAttributeValues: { ':p': pk, ':s': { N: '200' } },
    Limit: 10,
  });
}

/** ops/s of `ops` calls spread over the clients, each client one call at a time. */
async function run(clients: DynamoDBClient[], op: Operation, ops: number, offset: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (;;) {
        const i = next++;
        if (i >= ops) return;
        await c.send(request(op, offset + i) as any);
      }
    }),
  );
  return ops / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(name: string, url: string, ops: number): Promise<Record<Operation, number>> {
  const clients = Array.from({ length: CLIENTS }, () => client(url));
  await clients[0]!.send(
    new CreateTableCommand({
      TableName: 'bench',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await run(clients, 'PutItem', Math.min(ops, 200), 0); // warm-up
  const results = {} as Record<Operation, number>;
  for (const op of OPERATIONS) {
    const rounds: number[] = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push(await run(clients, op, ops, r * ops));
    results[op] = median(rounds);
  }
  for (const c of clients) c.destroy();
  console.log(`${name.padEnd(10)} ${OPERATIONS.map((op) => `${op} ${results[op].toFixed(0).padStart(6)} ops/s`).join('   ')}`);
  return results;
}

const tributary = await spawnServer();
let moto: Awaited<ReturnType<typeof startMoto>>;
try {
  console.log(`DynamoDB ops/s, ${CLIENTS} concurrent SDK clients, median of ${ROUNDS} rounds`);
  const ours = await measure('tributary', tributary.url, OPS);
  moto = await startMoto();
  if (!moto) console.log('moto         (moto_server did not start; no comparison)');
  else {
    const theirs = await measure('moto', moto.url, Math.max(100, Math.floor(OPS / 5)));
    console.log(`ratio      ${OPERATIONS.map((op) => `${op} ${(ours[op] / theirs[op]).toFixed(1).padStart(5)}×`).join('   ')}   (target ≥ 3×)`);
  }
} finally {
  await tributary.stop();
  await moto?.stop();
}
