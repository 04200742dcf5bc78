/**
 * EventBridge benchmarks. (1) PutEvents → handler start: a rule on the default bus targets a warm
 * Node function, which records the moment its handler starts and reports it to a collector here;
 * latency is measured from just before PutEvents is sent (AWS measured ≈ 150 ms p50). (2) The
 * PutEvents round trip (one entry, no matching rule) against Tributary and moto's server.
 * Usage: node scripts/bench.mjs eventbridge
 * Env: EB_BENCH_EVENTS (default 300), EB_BENCH_PUTS (default 1000).
 */
import http, { Agent } from 'node:http';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BENCH_CREDENTIALS as credentials, freePort, percentile, spawnServer, startMoto, zipOf } from './support.js';

const EVENTS = Number(process.env.EB_BENCH_EVENTS ?? 300);
const PUTS = Number(process.env.EB_BENCH_PUTS ?? 1000);
const now = () => performance.timeOrigin + performance.now();
const fmt = (n: number) => `${n.toFixed(2)} ms`;

const HANDLER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
exports.handler = async (event) => {
  const startedAt = performance.timeOrigin + performance.now();
  const key = event.detail.key;
  const report = (useAgent) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(process.env.COLLECTOR_PORT), method: 'POST', path: '/', agent: useAgent ? agent : false }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify({ key, startedAt }));
  });
  await report(true).catch(() => report(false));
};
`;

const events = (url: string) =>
  new EventBridgeClient({
    endpoint: url,
    region: 'us-east-1',
    credentials,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true }) }),
  });

async function startCollector(): Promise<{ port: number; waitFor(key: string): Promise<number>; close(): void }> {
  const waiting = new Map<string, (startedAt: number) => void>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { key, startedAt } = JSON.parse(body) as { key: string; startedAt: number };
      waiting.get(key)?.(startedAt);
      waiting.delete(key);
      res.end('ok');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    waitFor: (key) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no handler start for ${key}`)), 10_000);
        waiting.set(key, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }),
    close: () => server.close(),
  };
}

async function handlerLatency(url: string): Promise<{ samples: number[]; lost: number }> {
  const collector = await startCollector();
  const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials });
  const eb = events(url);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'on-event',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::123456789012:role/bench',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      Environment: { Variables: { COLLECTOR_PORT: String(collector.port) } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'on-event' });
  await eb.send(new PutRuleCommand({ Name: 'bench', EventPattern: JSON.stringify({ source: ['bench'] }) }));
  await eb.send(new PutTargetsCommand({ Rule: 'bench', Targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:on-event' }] }));
  const samples: number[] = [];
  let lost = 0;
  try {
    for (let i = -20; i < EVENTS; i++) {
      const key = `event-${i + 20}`;
      const started = collector.waitFor(key);
      const sentAt = now();
      await eb.send(new PutEventsCommand({ Entries: [{ Source: 'bench', DetailType: 'Bench', Detail: JSON.stringify({ key }) }] }));
      const handlerAt = await started.catch(() => undefined);
      if (handlerAt === undefined) lost += 1;
      else if (i >= 0) samples.push(handlerAt - sentAt);
    }
  } finally {
    collector.close();
    eb.destroy();
    lambda.destroy();
  }
  return { samples, lost };
}

async function putRoundTrips(url: string): Promise<number[]> {
  const eb = events(url);
  const samples: number[] = [];
  try {
    for (let i = -50; i < PUTS; i++) {
      const s = performance.now();
      await eb.send(new PutEventsCommand({ Entries: [{ Source: 'unmatched', DetailType: 'Bench', Detail: '{"n":1}' }] }));
      if (i >= 0) samples.push(performance.now() - s);
    }
  } finally {
    eb.destroy();
  }
  return samples;
}

const tributary = await spawnServer();
let latency: Awaited<ReturnType<typeof handlerLatency>>;
let tributaryPuts: number[];
try {
  latency = await handlerLatency(tributary.url);
  tributaryPuts = await putRoundTrips(tributary.url);
} finally {
  await tributary.stop();
}
const { samples, lost } = latency;
console.log(`[eventbridge] PutEvents → handler start, rule → warm Node function, ${samples.length} sequential events`);
console.log(
  `  p50 ${fmt(percentile(samples, 50))}  p90 ${fmt(percentile(samples, 90))}  p99 ${fmt(percentile(samples, 99))}  max ${fmt(Math.max(...samples))}   (target p50 ≤ 5 ms; AWS ≈ 150 ms)${lost ? `  LOST ${lost}` : ''}`,
);
const rows = [{ target: 'tributary', 'PutEvents p50': fmt(percentile(tributaryPuts, 50)), 'PutEvents p99': fmt(percentile(tributaryPuts, 99)) }];
const moto = await startMoto();
if (moto) {
  try {
    const motoPuts = await putRoundTrips(moto.url);
    rows.push({ target: 'moto', 'PutEvents p50': fmt(percentile(motoPuts, 50)), 'PutEvents p99': fmt(percentile(motoPuts, 99)) });
  } finally {
    await moto.stop();
  }
} else {
  console.log('[eventbridge] moto unavailable, skipped');
}
console.log(`[eventbridge] ${PUTS} sequential PutEvents of one entry (no rule matches), through @aws-sdk/client-eventbridge`);
console.table(rows);
