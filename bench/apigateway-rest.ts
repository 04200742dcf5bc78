/**
 * REST API benchmark: a no-op Node function behind a REST API Lambda proxy integration (reached by
 * host) beside the same function behind its function URL, in the same run, with one keep-alive
 * HTTP client each, one request at a time. Prints requests/s and p50/p99; never asserts.
 * Target: the REST API adds ≤ 0.3 ms p50 over the function URL path.
 */
import http from 'node:http';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand, CreateFunctionUrlConfigCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, ms, percentile, spawnServer, zipOf } from './support.js';

const ITERATIONS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = 200;
const NOOP = `exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n`;

/** A keep-alive client sending GETs with a given Host to the server's port. */
function client(port: number, host: string): { get(path: string): Promise<number>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
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

async function measure(send: () => Promise<number>): Promise<{ samples: number[]; rps: number }> {
  for (let i = 0; i < WARMUP; i++) if ((await send()) !== 200) throw new Error('warm-up request failed');
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await send();
    samples.push(performance.now() - t0);
  }
  return { samples, rps: ITERATIONS / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const config = { endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 };
  const lambda = new LambdaClient(config);
  const apigw = new APIGatewayClient(config);
  const port = Number(new URL(server.url).port);
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'noop',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': NOOP }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'noop' });
    const url = new URL((await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'noop', AuthType: 'NONE' }))).FunctionUrl!);
    const api = await apigw.send(new CreateRestApiCommand({ name: 'bench' }));
    const resource = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:noop/invocations`,
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));

    const urlClient = client(port, url.host);
    const restClient = client(port, `${api.id}.execute-api.localhost:${port}`);
    // Interleaved rounds, so both paths see the same machine state.
    const results = { url: [] as number[], rest: [] as number[], urlRps: [] as number[], restRps: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const u = await measure(() => urlClient.get('/items/1'));
      const r = await measure(() => restClient.get('/prod/items/1'));
      results.url.push(...u.samples);
      results.rest.push(...r.samples);
      results.urlRps.push(u.rps);
      results.restRps.push(r.rps);
    }
    urlClient.close();
    restClient.close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const line = (name: string, samples: number[], rps: number[]) =>
      `${name.padEnd(24)} ${median(rps).toFixed(0).padStart(6)} req/s   p50 ${ms(percentile(samples, 50))}   p99 ${ms(percentile(samples, 99))}`;
    console.log(`REST API proxy vs function URL: no-op Node function, ${ITERATIONS} requests × 3 rounds each, keep-alive, one at a time`);
    console.log(line('function URL', results.url, results.urlRps));
    console.log(line('REST API (AWS_PROXY)', results.rest, results.restRps));
    const overhead = percentile(results.rest, 50) - percentile(results.url, 50);
    console.log(`REST API p50 overhead: ${ms(overhead)} (target ≤ 0.30 ms)`);
  } finally {
    lambda.destroy();
    apigw.destroy();
    await server.stop();
  }
}

await main();
