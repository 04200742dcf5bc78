/**
 * Dashboard API benchmark: what an open-or-closed dashboard costs the invoke path, and how fast the
 * page's snapshots answer. Two servers in the same run: one with the observation history (and so
 * kept events for replay) off, one with the `tributary start` default of 10,000; warm sync
 * invokes through @aws-sdk/client-lambda on each, interleaved. Then, on the second, after 2,000
 * invocations and 50 queues, the latency of `resources`, `graph`, `functions/{name}` and `logs`.
 * Prints numbers, never asserts.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BENCH_CREDENTIALS, spawnServer, summary, timed, zipOf } from './support.js';

const INVOKES = Number(process.env.BENCH_WARM ?? 1000);
const READS = Number(process.env.BENCH_READS ?? 50);
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const HANDLER = "exports.handler = async (e) => { console.log('n', e.n); return e; };";

async function prepare(url: string): Promise<LambdaClient> {
  const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: BENCH_CREDENTIALS });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'bench',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'bench' });
  for (let i = 0; i < 20; i++) await lambda.send(new InvokeCommand({ FunctionName: 'bench', Payload: JSON.stringify({ n: i }) }));
  return lambda;
}

async function main(): Promise<void> {
  const off = await spawnServer({ TRIBUTARY_OBSERVATION_HISTORY: '0' });
  const on = await spawnServer({ TRIBUTARY_OBSERVATION_HISTORY: '10000' });
  try {
    const lambdaOff = await prepare(off.url);
    const lambdaOn = await prepare(on.url);
    const samples = { off: [] as number[], on: [] as number[] };
    const payload = JSON.stringify({ n: 1, text: 'x'.repeat(1024) });
    for (let i = 0; i < INVOKES; i++) {
      samples.off.push(await timed(() => lambdaOff.send(new InvokeCommand({ FunctionName: 'bench', Payload: payload }))));
      samples.on.push(await timed(() => lambdaOn.send(new InvokeCommand({ FunctionName: 'bench', Payload: payload }))));
    }
    const p50 = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)]!;
    console.log(`warm invoke, history off:           ${summary(samples.off)}`);
    console.log(`warm invoke, history 10,000 + kept: ${summary(samples.on)}`);
    console.log(`ratio on/off (p50):                 ${(p50(samples.on) / p50(samples.off)).toFixed(2)}×`);

    const sqs = new SQSClient({ endpoint: on.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS });
    for (let i = 0; i < 50; i++) await sqs.send(new CreateQueueCommand({ QueueName: `q${i}` }));
    for (let i = 0; i < 1000; i++) await lambdaOn.send(new InvokeCommand({ FunctionName: 'bench', Payload: payload }));
    for (const path of ['resources', 'graph', 'functions/bench', 'functions/bench/logs?q=n&limit=500', 'overview']) {
      const reads: number[] = [];
      for (let i = 0; i < READS; i++) reads.push(await timed(async () => (await fetch(`${on.url}/_tributary/api/${path}`)).arrayBuffer()));
      console.log(`GET ${path.padEnd(36)} ${summary(reads)}`);
    }
  } finally {
    await off.stop();
    await on.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
