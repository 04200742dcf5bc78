/**
 * SNS benchmarks. (1) Publish → Lambda handler start: a warm Node function subscribed to a topic
 * records the moment its handler starts and reports it to a collector here; latency is measured from
 * just before Publish is sent. (2) Fan-out: messages published to a topic with 10 SQS
 * subscriptions, timed until every queue holds every message, against Tributary and moto's server.
 * Usage: npm run bench -- sns
 * Env: SNS_BENCH_EVENTS (default 300), SNS_BENCH_FANOUT (default 500), SNS_BENCH_CONCURRENCY (default 8).
 */
import http, { Agent } from 'node:http';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BENCH_CREDENTIALS as credentials, freePort, percentile, spawnServer, startMoto, zipOf } from './support.js';

const EVENTS = Number(process.env.SNS_BENCH_EVENTS ?? 300);
const FANOUT = Number(process.env.SNS_BENCH_FANOUT ?? 500);
const CONCURRENCY = Number(process.env.SNS_BENCH_CONCURRENCY ?? 8);
const QUEUES = 10;

const now = () => performance.timeOrigin + performance.now();
let lost = 0;

const HANDLER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
exports.handler = async (event) => {
  const startedAt = performance.timeOrigin + performance.now();
  const key = event.Records[0].Sns.Message;
  const report = (useAgent) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(process.env.COLLECTOR_PORT), method: 'POST', path: '/', agent: useAgent ? agent : false }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify({ key, startedAt }));
  });
  await report(true).catch(() => report(false));
};
`;

const handler = () => new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) });
const snsClient = (url: string) => new SNSClient({ endpoint: url, region: 'us-east-1', credentials, requestHandler: handler() });
const sqsClient = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials, requestHandler: handler() });

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

async function publishToLambdaLatency(url: string): Promise<number[]> {
  const collector = await startCollector();
  const lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials });
  const sns = snsClient(url);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'on-message',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::123456789012:role/bench',
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      Environment: { Variables: { COLLECTOR_PORT: String(collector.port) } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'on-message' });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'latency' }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:123456789012:function:on-message' }));
  const samples: number[] = [];
  try {
    for (let i = -20; i < EVENTS; i++) {
      const key = `m-${i + 20}`;
      const started = collector.waitFor(key);
      const sentAt = now();
      await sns.send(new PublishCommand({ TopicArn, Message: key }));
      const handlerAt = await started.catch(() => undefined);
      if (handlerAt === undefined) lost += 1;
      else if (i >= 0) samples.push(handlerAt - sentAt);
    }
  } finally {
    collector.close();
    sns.destroy();
    lambda.destroy();
  }
  return samples;
}

/** Publishes FANOUT messages (CONCURRENCY at a time) to a topic with 10 queue subscribers; times until all 10 × FANOUT are in the queues. */
async function fanOut(url: string): Promise<{ publishRate: number; deliveryRate: number }> {
  const sns = snsClient(url);
  const sqs = sqsClient(url);
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `fanout-${Date.now()}` }));
    const queueUrls: string[] = [];
    for (let i = 0; i < QUEUES; i++) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `fan-${Date.now()}-${i}` }));
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn }));
      queueUrls.push(QueueUrl!);
    }
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < FANOUT) {
          next += 1;
          await sns.send(new PublishCommand({ TopicArn, Message: `{"n":${next}}` }));
        }
      }),
    );
    const published = performance.now();
    for (;;) {
      const counts = await Promise.all(
        queueUrls.map(async (QueueUrl) =>
          Number(
            (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!
              .ApproximateNumberOfMessages,
          ),
        ),
      );
      if (counts.every((c) => c >= FANOUT)) break;
      if (performance.now() - t0 > 120_000) throw new Error(`fan-out incomplete: ${counts.join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const done = performance.now();
    return { publishRate: (FANOUT / (published - t0)) * 1000, deliveryRate: ((FANOUT * QUEUES) / (done - t0)) * 1000 };
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}

const fmt = (n: number) => `${n.toFixed(2)} ms`;

const tributary = await spawnServer();
let latency: number[];
let tributaryFan: Awaited<ReturnType<typeof fanOut>>;
try {
  latency = await publishToLambdaLatency(tributary.url);
  tributaryFan = await fanOut(tributary.url);
} finally {
  await tributary.stop();
}
console.log(`[sns] Publish → Lambda handler start, warm Node function, ${latency.length} sequential messages`);
console.log(
  `  p50 ${fmt(percentile(latency, 50))}  p90 ${fmt(percentile(latency, 90))}  p99 ${fmt(percentile(latency, 99))}  max ${fmt(Math.max(...latency))}   (target p50 ≤ 5 ms; AWS ≈ 70 ms)${lost ? `  LOST ${lost}` : ''}`,
);
const rows: Record<string, string>[] = [
  { target: 'tributary', 'Publish/s': tributaryFan.publishRate.toFixed(0), 'SQS deliveries/s (10 subscriptions)': tributaryFan.deliveryRate.toFixed(0) },
];
const moto = await startMoto();
if (moto) {
  try {
    const motoFan = await fanOut(moto.url);
    rows.push({ target: 'moto', 'Publish/s': motoFan.publishRate.toFixed(0), 'SQS deliveries/s (10 subscriptions)': motoFan.deliveryRate.toFixed(0) });
    console.log(`  fan-out ratio tributary/moto: ${(tributaryFan.deliveryRate / motoFan.deliveryRate).toFixed(2)}×`);
  } finally {
    await moto.stop();
  }
}
console.log(`[sns] fan-out: ${FANOUT} messages published ${CONCURRENCY} at a time to a topic with ${QUEUES} SQS subscriptions`);
console.table(rows);
