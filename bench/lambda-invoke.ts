/**
 * Lambda benchmark: warm sync invoke through @aws-sdk/client-lambda beside a raw HTTP round trip
 * and a raw client → server → worker chain measured in the same run; cold starts for Node.js and
 * Python; server ready time; idle RSS. Prints numbers, never asserts.
 * Targets: warm p50 ≤ 1.5× the raw chain, cold p50 ≤ 75 ms Node / ≤ 85 ms Python, ready ≤ 300 ms,
 * idle RSS ≤ 80 MB.
 */
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, ms, percentile, ROOT, rssMb, spawnServer, summary, timed, zipOf } from './support.js';

const WARM_ITERATIONS = Number(process.env.BENCH_WARM ?? 1000);
const COLD_ITERATIONS = Number(process.env.BENCH_COLD ?? 15);
const READY_RUNS = Number(process.env.BENCH_READY ?? 7);
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const PAYLOAD = JSON.stringify({ hello: 'world', n: 42 });

async function measureReadyAndRss(): Promise<{ ready: number[]; rss: number | undefined }> {
  const ready: number[] = [];
  let rss: number | undefined;
  for (let i = 0; i < READY_RUNS; i++) {
    const server = await spawnServer();
    ready.push(server.readyMs);
    if (i === READY_RUNS - 1) {
      await new Promise((r) => setTimeout(r, 1500));
      rss = rssMb(server.process.pid!);
    }
    await server.stop();
  }
  return { ready, rss };
}

/** A keep-alive plain HTTP client posting PAYLOAD, one request at a time. */
function plainClient(port: number): { post(path: string): Promise<void>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post: (p) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: p, agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end(PAYLOAD);
      }),
    close: () => agent.destroy(),
  };
}

const sdkClient = (endpoint: string) => new LambdaClient({ endpoint, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 });

/** Starts bench/raw-chain.mjs; returns its port and a way to stop it. */
async function startRawChain(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/raw-chain.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { port, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const { ready, rss } = await measureReadyAndRss();

  const server = await spawnServer();
  const lambda = sdkClient(server.url);
  const plain = plainClient(Number(new URL(server.url).port));
  try {
    const create = async (name: string, runtime: string, handler: string, files: Record<string, string>) => {
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: runtime as never, Role: ROLE, Handler: handler, Code: { ZipFile: zipOf(files) } }),
      );
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
    };
    await create('bench-node', 'nodejs20.x', 'index.handler', { 'index.js': 'exports.handler = async (event) => event;\n' });
    await create('bench-python', 'python3.11', 'app.handler', { 'app.py': 'def handler(event, context):\n    return event\n' });
    const invoke = (name: string) => lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(PAYLOAD) }));

    // Warm: every iteration times each path once, so all of them see the same machine conditions.
    const rawChain = await startRawChain();
    const rawPlain = plainClient(rawChain.port);
    const rawSdk = sdkClient(`http://127.0.0.1:${rawChain.port}`);
    const rawSdkInvoke = () => rawSdk.send(new InvokeCommand({ FunctionName: 'raw', Payload: Buffer.from(PAYLOAD) }));
    const tributaryPlain = () => plain.post('/2015-03-31/functions/bench-node/invocations');
    for (let i = 0; i < 200; i++) {
      await invoke('bench-node');
      await tributaryPlain();
      await rawPlain.post('/invoke');
      await rawSdkInvoke();
    }
    const raw = { echo: [] as number[], chain: [] as number[], sdkChain: [] as number[] };
    const warm: number[] = [];
    const warmPlain: number[] = [];
    for (let i = 0; i < WARM_ITERATIONS; i++) {
      raw.echo.push(await timed(() => rawPlain.post('/echo')));
      raw.chain.push(await timed(() => rawPlain.post('/invoke')));
      raw.sdkChain.push(await timed(rawSdkInvoke));
      warm.push(await timed(() => invoke('bench-node')));
      warmPlain.push(await timed(tributaryPlain));
    }
    rawPlain.close();
    rawSdk.destroy();
    rawChain.stop();

    // Throughput with concurrent callers (scales out to several instances).
    const CONCURRENT = 8;
    const perCaller = Math.max(25, Math.floor(WARM_ITERATIONS / CONCURRENT));
    const throughputStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        for (let i = 0; i < perCaller; i++) await invoke('bench-node');
      }),
    );
    const throughput = (CONCURRENT * perCaller * 1000) / (performance.now() - throughputStart);

    const cold = async (name: string) => {
      const samples: number[] = [];
      for (let i = 0; i < COLD_ITERATIONS; i++) {
        await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { BENCH_RUN: String(i) } } }));
        await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: name });
        samples.push(await timed(() => invoke(name)));
      }
      return samples;
    };
    const coldNode = await cold('bench-node');
    const coldPython = await cold('bench-python');

    const ratio = (a: number[], b: number[]) => `${(percentile(a, 50) / percentile(b, 50)).toFixed(2)}×`;
    console.log('Lambda invoke benchmark (warm: sequential, keep-alive, 1 KB-ish JSON echo)');
    console.log(`  raw HTTP echo round trip              ${summary(raw.echo)}`);
    console.log(`  raw chain, plain HTTP client          ${summary(raw.chain)}`);
    console.log(`  raw chain, SDK client                 ${summary(raw.sdkChain)}`);
    console.log(`  Tributary invoke, plain HTTP client   ${summary(warmPlain)}`);
    console.log(`  Tributary invoke, SDK client (warm)   ${summary(warm)}`);
    console.log(`  warm throughput, ${CONCURRENT} SDK callers       ${throughput.toFixed(0)} invokes/s`);
    console.log(`  warm SDK invoke / raw chain (SDK)     ${ratio(warm, raw.sdkChain)}   (target ≤ 1.5×)`);
    console.log(`  plain invoke / raw chain (plain)      ${ratio(warmPlain, raw.chain)}`);
    console.log(`  cold start Node.js                    p50 ${ms(percentile(coldNode, 50))}  p99 ${ms(percentile(coldNode, 99))}   (target p50 ≤ 75 ms)`);
    console.log(`  cold start Python                     p50 ${ms(percentile(coldPython, 50))}  p99 ${ms(percentile(coldPython, 99))}   (target p50 ≤ 85 ms)`);
    console.log(`  server ready (spawn → health)         p50 ${ms(percentile(ready, 50))}  max ${ms(Math.max(...ready))}   (target ≤ 300 ms)`);
    console.log(`  idle server RSS                       ${rss === undefined ? 'n/a' : `${rss.toFixed(1)} MB`}   (target ≤ 80 MB)`);
  } finally {
    plain.close();
    lambda.destroy();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
