/**
 * SQS event source mapping benchmark: messages per second from SendMessageBatch through a mapping
 * into a no-op Node.js handler (batch 10 and batch 100, window 1 s), and SendMessage → handler
 * start latency on an idle queue. Prints numbers, never asserts.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ms, percentile, spawnServer, summary } from './support.js';

const MESSAGES = Number(process.env.BENCH_ESM_MESSAGES ?? 20_000);
const SENDERS = Number(process.env.BENCH_ESM_SENDERS ?? 8);
const LATENCY_SAMPLES = Number(process.env.BENCH_ESM_LATENCY_SAMPLES ?? 300);

/** Counts records per batch (one short line per invoke); the latency variant stamps its start. */
const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  const start = performance.timeOrigin + performance.now();
  if (process.env.STAMP_FILE) fs.appendFileSync(process.env.STAMP_FILE, event.Records[0].body + ' ' + start + '\\n');
  else fs.appendFileSync(process.env.COUNT_FILE, event.Records.length + '\\n');
};
`;

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const now = () => performance.timeOrigin + performance.now();
const CLOCK_TICKS = 100;
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

/** CPU time (user + system, ms) a process has used, from /proc; 0 when it cannot be read. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU time of the server and of its function processes: unlike wall time, this hardly moves with
 * the machine's load, so it compares runs on a busy shared machine.
 */
function serverCpuMs(pid: number | undefined): { server: number; functions: number } {
  if (pid === undefined) return { server: 0, functions: 0 };
  return { server: processCpuMs(pid), functions: childrenOf(pid).reduce((sum, child) => sum + processCpuMs(child), 0) };
}

function cpuPerMessage(before: { server: number; functions: number }, after: { server: number; functions: number }, messages: number): string {
  const us = (ms: number) => ((ms * 1000) / messages).toFixed(0);
  return `CPU per message: server ${us(after.server - before.server)} µs, functions ${us(after.functions - before.functions)} µs`;
}

function counted(file: string): number {
  if (!fs.existsSync(file)) return 0;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .reduce((n, l) => n + (l ? Number(l) : 0), 0);
}

async function main(): Promise<void> {
  // BENCH_ESM_URL measures a server started by hand (e.g. under `node --cpu-prof bin/tributary.js start`).
  const server = process.env.BENCH_ESM_URL
    ? { url: process.env.BENCH_ESM_URL, pid: Number(process.env.BENCH_ESM_PID) || undefined, stop: async () => undefined }
    : await spawnServer().then((s) => ({ url: s.url, pid: s.process.pid, stop: s.stop }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-esm-'));
  const lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1', credentials });
  const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials });

  async function createFunction(name: string, env: Record<string, string>): Promise<void> {
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from(HANDLER));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zip.toBuffer() },
        Environment: { Variables: env },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  }

  async function createQueue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:123456789012:${name}` };
  }

  async function waitState(uuid: string, state: string): Promise<void> {
    while ((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State !== state) await sleep(5);
  }

  /** `total` messages in batches of 10, from SENDERS concurrent producers. */
  async function inBatches(total: number, sendBatch: (entries: { Id: string; MessageBody: string }[]) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (;;) {
          const from = next;
          next += 10;
          if (from >= total) return;
          await sendBatch(Array.from({ length: Math.min(10, total - from) }, (_, i) => ({ Id: `m${i}`, MessageBody: `{"n":${from + i}}` })));
        }
      }),
    );
  }

  async function sendAll(url: string, total: number): Promise<void> {
    await inBatches(total, async (entries) => {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    });
  }

  /**
   * The same SendMessageBatch calls as bare HTTP (AWS JSON 1.0, unsigned): a producer that costs
   * the machine little, as a fleet of producers on other hosts would. The SDK's own CPU per call
   * (more than the server's) otherwise competes with Tributary for the two cores.
   */
  async function sendAllBare(queueUrl: string, total: number): Promise<void> {
    const { hostname, port } = new URL(server.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
    const headers = {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'AmazonSQS.SendMessageBatch',
      Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
    };
    const post = (body: string) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(
          { hostname, port, method: 'POST', path: '/', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              // AWS leaves `Failed` out when every entry succeeded.
              if (res.statusCode === 200 && !(JSON.parse(text) as { Failed?: unknown[] }).Failed?.length) resolve();
              else reject(new Error(`SendMessageBatch answered ${res.statusCode}: ${text.slice(0, 200)}`));
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      await inBatches(total, (entries) => post(JSON.stringify({ QueueUrl: queueUrl, Entries: entries })));
    } finally {
      agent.destroy();
    }
  }

  async function depth(url: string): Promise<number> {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  }

  async function throughput(batchSize: number): Promise<void> {
    const name = `esm-bench-${batchSize}`;
    const countFile = path.join(dir, `${name}.count`);
    await createFunction(name, { COUNT_FILE: countFile });
    const q = await createQueue(name);
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: q.arn, BatchSize: batchSize, MaximumBatchingWindowInSeconds: 1 }),
    );
    await waitState(UUID!, 'Enabled');

    // Sending while the mapping consumes: first send until every message was handled and deleted.
    const endToEnd = async (send: (url: string, total: number) => Promise<void>) => {
      fs.writeFileSync(countFile, '');
      const cpuAtStart = serverCpuMs(server.pid);
      const producerAtStart = process.cpuUsage();
      const start = now();
      await send(q.url, MESSAGES);
      const sentMs = now() - start;
      const producer = process.cpuUsage(producerAtStart);
      const producerUs = ((producer.user + producer.system) / MESSAGES).toFixed(0);
      while (counted(countFile) < MESSAGES) await sleep(2);
      while ((await depth(q.url)) > 0) await sleep(2);
      const totalMs = now() - start;
      const invokes = fs.readFileSync(countFile, 'utf8').split('\n').filter(Boolean).length;
      return (
        `${MESSAGES} messages sent in ${ms(sentMs)}, all handled in ${ms(totalMs)} → ${((MESSAGES / totalMs) * 1000).toFixed(0)} msg/s end to end ` +
        `(${invokes} invokes, ${(MESSAGES / invokes).toFixed(1)} records each; ${cpuPerMessage(cpuAtStart, serverCpuMs(server.pid), MESSAGES)}, producer ${producerUs} µs)`
      );
    };
    // BENCH_ESM_ONLY_DRAIN skips the end-to-end runs: the drain's CPU per message is the steadiest number.
    const viaSdk = process.env.BENCH_ESM_ONLY_DRAIN ? 'skipped' : await endToEnd(sendAll);
    const viaBareHttp = process.env.BENCH_ESM_ONLY_DRAIN ? 'skipped' : await endToEnd(sendAllBare);

    // Draining a full queue: fill it while the mapping is disabled, then enable it.
    fs.writeFileSync(countFile, '');
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    await waitState(UUID!, 'Disabled');
    await sendAllBare(q.url, MESSAGES);
    const cpuAtDrain = serverCpuMs(server.pid);
    const drainStart = now();
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    while (counted(countFile) < MESSAGES) await sleep(2);
    while ((await depth(q.url)) > 0) await sleep(2);
    const drainMs = now() - drainStart;
    const cpuDrain = cpuPerMessage(cpuAtDrain, serverCpuMs(server.pid), MESSAGES);

    console.log(
      `batch ${String(batchSize).padStart(3)}, window 1 s:\n` +
        `  producer @aws-sdk/client-sqs (${SENDERS} concurrent SendMessageBatch): ${viaSdk}\n` +
        `  producer bare HTTP (${SENDERS} concurrent SendMessageBatch): ${viaBareHttp}\n` +
        `  pre-filled queue drained at ${((MESSAGES / drainMs) * 1000).toFixed(0)} msg/s (${cpuDrain})`,
    );
  }

  async function idleLatency(): Promise<void> {
    const stampFile = path.join(dir, 'latency.stamps');
    fs.writeFileSync(stampFile, '');
    await createFunction('esm-latency', { STAMP_FILE: stampFile });
    const q = await createQueue('esm-latency');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'esm-latency', EventSourceArn: q.arn, BatchSize: 1 }));
    await waitState(UUID!, 'Enabled');
    const samples: number[] = [];
    const fromWire: number[] = [];
    for (let i = -20; i < LATENCY_SAMPLES; i++) {
      const size = fs.statSync(stampFile).size;
      const command = new SendMessageCommand({ QueueUrl: q.url, MessageBody: `s${i}` });
      // The SDK spends about a millisecond (serializing, signing) before the request leaves.
      let leftAt = 0;
      command.middlewareStack.add(
        (next) => async (args) => {
          leftAt = now();
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low' },
      );
      const sentAt = now();
      await sqs.send(command);
      // Poll gently: a busy loop here would steal the core the server and the function need.
      while (fs.statSync(stampFile).size === size) await sleep(1);
      const lines = fs.readFileSync(stampFile, 'utf8').trimEnd().split('\n');
      const started = Number(lines[lines.length - 1]!.split(' ')[1]);
      if (i >= 0) {
        samples.push(started - sentAt);
        fromWire.push(started - leftAt);
      }
      await sleep(15);
    }
    console.log(`idle queue, SendMessage → handler start: ${summary(samples)}; p90 ${ms(percentile(samples, 90))}`);
    console.log(`  the same from when the signed request left the SDK: p50 ${ms(percentile(fromWire, 50))}  p90 ${ms(percentile(fromWire, 90))}`);
  }

  try {
    // Other work on the machine moves these numbers a lot; say how busy it was.
    console.log(
      `load average before: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
    );
    if (!process.env.BENCH_ESM_ONLY_DRAIN) await idleLatency();
    if (!process.env.BENCH_ESM_ONLY_LATENCY) {
      await throughput(10);
      if (!process.env.BENCH_ESM_ONLY_BATCH10) await throughput(100);
    }
    console.log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    lambda.destroy();
    sqs.destroy();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
