/**
 * S3 benchmarks. (1) PutObject → handler start: a warm Node function notified by s3:ObjectCreated
 * records the moment its handler starts and reports it to a collector here; latency is measured
 * from just before PutObject is sent. (2) Small-object PutObject throughput through
 * @aws-sdk/client-s3 against Tributary and moto's server, each its own process on loopback.
 * Usage: node scripts/bench.mjs s3-notifications
 * Env: S3_BENCH_EVENTS (default 300), S3_BENCH_PUTS (default 2000), S3_BENCH_CONCURRENCY (default 8).
 */
import http, { Agent } from 'node:http';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BENCH_CREDENTIALS as credentials, freePort, percentile, rssMb, spawnServer, startMoto, zipOf } from './support.js';

const EVENTS = Number(process.env.S3_BENCH_EVENTS ?? 300);
const PUTS = Number(process.env.S3_BENCH_PUTS ?? 2000);
const CONCURRENCY = Number(process.env.S3_BENCH_CONCURRENCY ?? 8);

const now = () => performance.timeOrigin + performance.now();
let lost = 0;
const putRoundTrips: number[] = [];

// Takes the time first thing, then tells the collector (whose port arrives in the environment).
const HANDLER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
exports.handler = async (event) => {
  const startedAt = performance.timeOrigin + performance.now();
  const key = event.Records[0].s3.object.key;
  const report = (useAgent) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(process.env.COLLECTOR_PORT), method: 'POST', path: '/', agent: useAgent ? agent : false }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify({ key, startedAt }));
  });
  // A kept-alive socket the collector closed meanwhile fails once; a fresh connection does not.
  await report(true).catch(() => report(false));
};
`;

function s3Client(url: string): S3Client {
  return new S3Client({
    endpoint: url,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
  });
}

/** A tiny HTTP server the function reports its start times to. */
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

async function notificationLatency(url: string): Promise<number[]> {
  const collector = await startCollector();
  const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'on-upload',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::123456789012:role/bench',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      Environment: { Variables: { COLLECTOR_PORT: String(collector.port) } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'on-upload' });
  const s3 = s3Client(url);
  await s3.send(new CreateBucketCommand({ Bucket: 'notified' }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: 'notified',
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:on-upload', Events: ['s3:ObjectCreated:*'] }],
      },
    }),
  );
  const samples: number[] = [];
  try {
    for (let i = -20; i < EVENTS; i++) {
      const key = `upload-${i + 20}`;
      const started = collector.waitFor(key);
      const sentAt = now();
      await s3.send(new PutObjectCommand({ Bucket: 'notified', Key: key, Body: 'x' }));
      const answeredAt = now();
      const handlerAt = await started.catch(() => undefined);
      if (handlerAt === undefined) lost += 1;
      else if (i >= 0) {
        // the first 20 warm the instance and the connections
        samples.push(handlerAt - sentAt);
        putRoundTrips.push(answeredAt - sentAt);
      }
    }
  } finally {
    collector.close();
    s3.destroy();
    lambda.destroy();
  }
  return samples;
}

async function putThroughput(url: string): Promise<{ rate: number; samples: number[] }> {
  const s3 = s3Client(url);
  const bucket = `throughput-${Date.now()}`;
  const body = Buffer.alloc(1024, 'x');
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (let i = 0; i < 50; i++) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `warm/${i}`, Body: body }));
    const samples: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PUTS) {
          const i = next++;
          const s = performance.now();
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `objects/${i}`, Body: body }));
          samples.push(performance.now() - s);
        }
      }),
    );
    return { rate: (PUTS / (performance.now() - t0)) * 1000, samples };
  } finally {
    s3.destroy();
  }
}

/** The same PUTs as bare HTTP (unsigned, no checksums): what the server alone sustains. */
async function rawPutThroughput(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = Buffer.alloc(1024, 'x');
  const bucket = `raw-${Date.now()}`;
  const send = (method: string, path: string, payload?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: hostname, port, method, path, agent, headers: { 'Content-Length': payload?.length ?? 0 } }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`${method} ${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(payload);
    });
  try {
    await send('PUT', `/${bucket}`);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PUTS) await send('PUT', `/${bucket}/objects/${next++}`, body);
      }),
    );
    return (PUTS / (performance.now() - t0)) * 1000;
  } finally {
    agent.destroy();
  }
}

const fmt = (n: number) => `${n.toFixed(2)} ms`;

const tributary = await spawnServer();
let latency: number[];
let tributaryPuts: Awaited<ReturnType<typeof putThroughput>>;
let tributaryRss: number | undefined;
let tributaryRaw = 0;
try {
  latency = await notificationLatency(tributary.url);
  tributaryPuts = await putThroughput(tributary.url);
  tributaryRaw = await rawPutThroughput(tributary.url);
  tributaryRss = rssMb(tributary.process.pid!);
} finally {
  await tributary.stop();
}
console.log(`[s3-notifications] PutObject → handler start, warm Node function, ${latency.length} sequential uploads`);
console.log(
  `  p50 ${fmt(percentile(latency, 50))}  p90 ${fmt(percentile(latency, 90))}  p99 ${fmt(percentile(latency, 99))}  max ${fmt(Math.max(...latency))}   (target p50 ≤ 5 ms)${lost ? `  LOST ${lost}` : ''}`,
);
console.log(`  (the PutObject round trip alone: p50 ${fmt(percentile(putRoundTrips, 50))}  p99 ${fmt(percentile(putRoundTrips, 99))})`);

const rows: Record<string, string>[] = [
  {
    target: 'tributary',
    'PutObject 1 KB/s': tributaryPuts.rate.toFixed(0),
    'bare HTTP PUT/s': tributaryRaw.toFixed(0),
    p50: fmt(percentile(tributaryPuts.samples, 50)),
    p99: fmt(percentile(tributaryPuts.samples, 99)),
    'server RSS': tributaryRss ? `${tributaryRss.toFixed(0)} MB` : '?',
  },
];
const moto = await startMoto();
if (moto) {
  try {
    const motoPuts = await putThroughput(moto.url);
    const motoRaw = await rawPutThroughput(moto.url);
    const rss = moto.pid ? rssMb(moto.pid) : undefined;
    rows.push({
      target: 'moto',
      'PutObject 1 KB/s': motoPuts.rate.toFixed(0),
      'bare HTTP PUT/s': motoRaw.toFixed(0),
      p50: fmt(percentile(motoPuts.samples, 50)),
      p99: fmt(percentile(motoPuts.samples, 99)),
      'server RSS': rss ? `${rss.toFixed(0)} MB` : '?',
    });
  } finally {
    await moto.stop();
  }
} else {
  console.log('[s3-notifications] moto unavailable, skipped');
}
console.log(
  `[s3-notifications] ${PUTS} PutObject of 1 KB, concurrency ${CONCURRENCY}: through @aws-sdk/client-s3 (SigV4, default CRC32 checksums; p50/p99 are of these), and as bare unsigned HTTP PUTs`,
);
console.table(rows);
