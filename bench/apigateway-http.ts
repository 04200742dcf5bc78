/**
 * HTTP API benchmark: requests/s and p50/p99 through an HTTP API (quick create, payload 2.0) to a
 * no-op Node function, beside the bare function URL of the same function, in the same run, with
 * one keep-alive client each, rounds interleaved. Target: the HTTP API adds ≤ 0.3 ms at p50.
 * Prints numbers, never asserts.
 */
import http from 'node:http';
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand, CreateFunctionUrlConfigCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, ms, percentile, spawnServer, zipOf } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 300);
const WARMUP = 300;

/** A keep-alive client sending GETs with a fixed Host header (the API's or the URL's), one at a time. */
function client(port: number, host: string): { get(path: string): Promise<number>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

async function round(c: ReturnType<typeof client>, n: number, samples: number[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const status = await c.get(`/items/${i}?q=${i}`);
    samples.push(performance.now() - t0);
    if (status !== 200) throw new Error(`status ${status}`);
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const config = { endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 };
  const lambda = new LambdaClient(config);
  const apigw = new ApiGatewayV2Client(config);
  const port = Number(new URL(server.url).port);
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'noop',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': `exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n` }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'noop' });
    const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'noop', AuthType: 'NONE' }));
    const { ApiEndpoint } = await apigw.send(
      new CreateApiCommand({ Name: 'bench', ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:123456789012:function:noop' }),
    );
    const viaUrl = client(port, new URL(FunctionUrl!).host);
    const viaApi = client(port, new URL(ApiEndpoint!).host);
    const urlSamples: number[] = [];
    const apiSamples: number[] = [];
    await round(viaUrl, WARMUP, []);
    await round(viaApi, WARMUP, []);
    let urlTime = 0;
    let apiTime = 0;
    for (let r = 0; r < ROUNDS; r++) {
      urlTime += await round(viaUrl, PER_ROUND, urlSamples);
      apiTime += await round(viaApi, PER_ROUND, apiSamples);
    }
    viaUrl.close();
    viaApi.close();
    const line = (name: string, samples: number[], total: number) =>
      `${name.padEnd(22)} ${String(Math.round((samples.length / total) * 1000)).padStart(6)} req/s   p50 ${ms(percentile(samples, 50))}   p99 ${ms(percentile(samples, 99))}`;
    console.log(`HTTP API vs function URL, no-op Node function, ${ROUNDS} × ${PER_ROUND} requests each, keep-alive, interleaved`);
    console.log(line('function URL', urlSamples, urlTime));
    console.log(line('HTTP API ($default)', apiSamples, apiTime));
    const overhead = percentile(apiSamples, 50) - percentile(urlSamples, 50);
    console.log(`HTTP API overhead at p50: ${ms(overhead)} (target ≤ 0.30 ms)`);
  } finally {
    lambda.destroy();
    apigw.destroy();
    await server.stop();
  }
}

await main();
