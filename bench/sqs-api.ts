/**
 * SQS API throughput: SendMessage, SendMessageBatch and ReceiveMessage+DeleteMessageBatch through
 * @aws-sdk/client-sqs, against Tributary, moto's server and (when its jars are available) ElasticMQ,
 * each as its own process on loopback. Usage: node scripts/bench.mjs sqs-api
 * Env: SQS_BENCH_MESSAGES (default 2000), SQS_BENCH_CONCURRENCY (default 8),
 * ELASTICMQ_CLASSPATH (a java classpath for org.elasticmq.server.Main; otherwise resolved once with mvn
 * from Maven Central, and ElasticMQ is skipped when that fails).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Tributary } from '../src/app.js';
import type { SqsPort } from '../src/contracts.js';
import { silentLogger } from '../src/log.js';
import { BENCH_CREDENTIALS, freePort, rssMb, spawnServer, startMoto, stopper, waitForHttp } from './support.js';

const MESSAGES = Number(process.env.SQS_BENCH_MESSAGES ?? 2000);
const CONCURRENCY = Number(process.env.SQS_BENCH_CONCURRENCY ?? 8);

interface Target {
  name: string;
  /** Messages to send each way; moto is slow enough that it gets fewer. */
  messages: number;
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

async function startMotoTarget(): Promise<Target | undefined> {
  const moto = await startMoto();
  return moto && { name: 'moto', messages: Math.min(MESSAGES, 300), ...moto };
}

const ELASTICMQ_DIR = path.join(os.tmpdir(), 'tributary-bench-elasticmq');
const ELASTICMQ_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>elasticmq-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>org.elasticmq</groupId><artifactId>elasticmq-server_2.13</artifactId><version>1.6.11</version></dependency></dependencies>
</project>`;

/** ElasticMQ's classpath: ELASTICMQ_CLASSPATH, or resolved once from Maven Central with mvn (cached in tmp). */
function elasticMqClasspath(): string | undefined {
  if (process.env.ELASTICMQ_CLASSPATH) return process.env.ELASTICMQ_CLASSPATH;
  const cached = path.join(ELASTICMQ_DIR, 'classpath.txt');
  if (!fs.existsSync(cached)) {
    fs.mkdirSync(ELASTICMQ_DIR, { recursive: true });
    fs.writeFileSync(path.join(ELASTICMQ_DIR, 'pom.xml'), ELASTICMQ_POM);
    const result = spawnSync('mvn', ['-q', 'dependency:build-classpath', `-Dmdep.outputFile=${cached}`], {
      cwd: ELASTICMQ_DIR,
      stdio: 'ignore',
      timeout: 300_000,
    });
    if (result.status !== 0) return undefined;
  }
  return fs.readFileSync(cached, 'utf8').trim() || undefined;
}

async function startElasticMq(): Promise<Target | undefined> {
  const classpath = elasticMqClasspath();
  if (!classpath) return undefined;
  const port = await freePort();
  const conf = `/tmp/elasticmq-bench-${port}.conf`;
  fs.writeFileSync(
    conf,
    `include classpath("application.conf")\nnode-address { host = "127.0.0.1", port = ${port} }\nrest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1" }\nrest-stats.enabled = false\n`,
  );
  const child = spawn('java', [`-Dconfig.file=${conf}`, '-cp', classpath, 'org.elasticmq.server.Main'], { stdio: 'ignore' });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/?Action=ListQueues`, child, 60_000);
  } catch {
    child.kill('SIGKILL');
    return undefined;
  }
  return { name: 'elasticmq', messages: MESSAGES, url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}

async function startTributary(): Promise<Target> {
  const server = await spawnServer();
  return { name: 'tributary', messages: MESSAGES, url: server.url, pid: server.process.pid, stop: server.stop };
}

async function parallel(total: number, worker: (i: number) => Promise<number>): Promise<number> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        done += await worker(i);
      }
    }),
  );
  return done;
}

async function measure(target: Target): Promise<Record<string, string>> {
  const sqs = new SQSClient({
    endpoint: target.url,
    region: 'us-east-1',
    credentials: BENCH_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
  });
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000)}/s`;
  const MESSAGES = target.messages;
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${Date.now()}` }));
    let t0 = performance.now();
    await parallel(MESSAGES, async (i) => {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `message ${i}` }));
      return 1;
    });
    const sendMs = performance.now() - t0;

    t0 = performance.now();
    await parallel(MESSAGES / 10, async (b) => {
      await sqs.send(
        new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `batch ${b} ${i}` })) }),
      );
      return 10;
    });
    const batchMs = performance.now() - t0;

    const expected = MESSAGES * 2;
    let received = 0;
    let emptyStreak = 0;
    let lastAt = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (received < expected && emptyStreak < 20) {
          const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
          if (!Messages?.length) {
            emptyStreak++;
            continue;
          }
          emptyStreak = 0;
          received += Messages.length;
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }));
          lastAt = performance.now();
        }
      }),
    );
    // Up to the last delete: the other pollers' final empty long polls are not throughput.
    const receiveMs = lastAt - t0;
    const rss = target.pid ? rssMb(target.pid) : undefined;
    return {
      target: target.name,
      messages: String(MESSAGES),
      SendMessage: rate(MESSAGES, sendMs),
      'SendMessageBatch (msgs)': rate(MESSAGES, batchMs),
      'Receive10+DeleteBatch (msgs)': rate(received, receiveMs),
      received: `${received}/${expected}`,
      'server RSS': rss ? `${rss.toFixed(0)} MB` : '?',
    };
  } finally {
    sqs.destroy();
  }
}

/** The in-process port event source mappings use: no HTTP, the cost of the queue itself. */
async function measurePort(): Promise<Record<string, string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-port-'));
  const tributary = await Tributary.start({ config: { port: 0, dataDir }, logger: silentLogger });
  const port = (tributary as unknown as { deps: { ports: { sqs: SqsPort } } }).deps.ports.sqs;
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000)}/s`;
  const n = 20_000;
  try {
    const created = await fetch(tributary.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.CreateQueue' },
      body: JSON.stringify({ QueueName: 'port-bench' }),
    });
    await created.arrayBuffer();
    const arn = 'arn:aws:sqs:us-east-1:123456789012:port-bench';
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await port.sendMessage(arn, { body: `message ${i}` });
    const sendMs = performance.now() - t0;
    const drain = async (max: number) => {
      const start = performance.now();
      for (let got = 0; got < n; ) {
        const batch = await port.receive(arn, { max, waitMs: 0 });
        got += batch.length;
        await port.deleteMessages(
          arn,
          batch.map((m) => m.receiptHandle),
        );
      }
      return performance.now() - start;
    };
    const drain10Ms = await drain(10);
    for (let i = 0; i < n; i++) await port.sendMessage(arn, { body: `message ${i}` });
    const drain1000Ms = await drain(1000);
    const wake: number[] = [];
    for (let i = 0; i < 200; i++) {
      const pending = port.receive(arn, { max: 1, waitMs: 5000 });
      await new Promise((r) => setImmediate(r));
      t0 = performance.now();
      await port.sendMessage(arn, { body: 'wake' });
      const [m] = await pending;
      wake.push(performance.now() - t0);
      await port.deleteMessages(arn, [m!.receiptHandle]);
    }
    wake.sort((a, b) => a - b);
    return {
      'port send': rate(n, sendMs),
      'port receive 10 + delete': rate(n, drain10Ms),
      'port receive 1000 + delete': rate(n, drain1000Ms),
      'send→waiting receive p50': `${wake[100]!.toFixed(3)} ms`,
      'send→waiting receive p99': `${wake[198]!.toFixed(3)} ms`,
    };
  } finally {
    await tributary.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Record<string, string>[] = [];
for (const start of [startTributary, startMotoTarget, startElasticMq]) {
  const target = await start();
  if (!target) {
    console.log(`[sqs-api] ${start.name.replace('start', '')} unavailable, skipped`);
    continue;
  }
  try {
    rows.push(await measure(target));
  } finally {
    await target.stop();
  }
}
console.log(`[sqs-api] up to ${MESSAGES} messages each way, concurrency ${CONCURRENCY}, @aws-sdk/client-sqs (JSON protocol)`);
console.table(rows);
console.log('[sqs-api] in-process SqsPort (what event source mappings use), 20000 messages');
console.table([await measurePort()]);
