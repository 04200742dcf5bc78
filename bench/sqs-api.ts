/**
 * SQS API throughput: SendMessage, SendMessageBatch and ReceiveMessage+DeleteMessageBatch through
 * @aws-sdk/client-sqs, against Tributary, moto's server and (when its jars are available) ElasticMQ,
 * each as its own process on loopback. Usage: node scripts/bench.mjs sqs-api
 * Env: SQS_BENCH_MESSAGES (default 2000), SQS_BENCH_CONCURRENCY (default 8),
 * ELASTICMQ_CLASSPATH (a java classpath for org.elasticmq.server.Main; skipped when unset).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Agent } from 'node:http';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort, rssMb, spawnServer } from './support.js';

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

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${url} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}

async function startMoto(): Promise<Target | undefined> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/moto-api/`, child, 30_000);
  } catch {
    child.kill('SIGKILL');
    return undefined;
  }
  return { name: 'moto', messages: Math.min(MESSAGES, 300), url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}

async function startElasticMq(): Promise<Target | undefined> {
  const classpath = process.env.ELASTICMQ_CLASSPATH ?? (fs.existsSync('/tmp/elasticmq/cp.txt') ? fs.readFileSync('/tmp/elasticmq/cp.txt', 'utf8').trim() : '');
  if (!classpath) return undefined;
  const port = await freePort();
  const conf = `/tmp/elasticmq-bench-${port}.conf`;
  fs.writeFileSync(conf, `include classpath("application.conf")\nnode-address { host = "127.0.0.1", port = ${port} }\nrest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1" }\nrest-stats.enabled = false\n`);
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
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
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

const rows: Record<string, string>[] = [];
for (const start of [startTributary, startMoto, startElasticMq]) {
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
