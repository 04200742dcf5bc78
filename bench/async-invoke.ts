/**
 * Async invocation benchmark: the latency of an `InvocationType: Event` call (the 202 comes after
 * the event is durably stored), and how fast the queue drains a burst of events into one function.
 * Prints numbers, never asserts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, ms, spawnServer, summary, zipOf } from './support.js';

const ACCEPT_ITERATIONS = Number(process.env.BENCH_ASYNC_ACCEPT ?? 500);
const BURST = Number(process.env.BENCH_ASYNC_BURST ?? 500);

const HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => { fs.appendFileSync(process.env.RECORD_FILE, event.n + '\\n'); };
`;

function lines(file: string): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-async-'));
  const record = path.join(dir, 'runs.txt');
  const lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS });
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'async-bench',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
        Environment: { Variables: { RECORD_FILE: record } },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'async-bench' });

    const accept: number[] = [];
    for (let i = 0; i < ACCEPT_ITERATIONS; i++) {
      const start = performance.now();
      await lambda.send(new InvokeCommand({ FunctionName: 'async-bench', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n: i })) }));
      accept.push(performance.now() - start);
    }
    console.log(`Event invoke accepted (202):  ${summary(accept)}`);
    while (lines(record) < ACCEPT_ITERATIONS) await new Promise((r) => setTimeout(r, 10));

    fs.writeFileSync(record, '');
    const burstStart = performance.now();
    await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        lambda.send(new InvokeCommand({ FunctionName: 'async-bench', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n: i })) })),
      ),
    );
    const acceptedMs = performance.now() - burstStart;
    while (lines(record) < BURST) await new Promise((r) => setTimeout(r, 5));
    const drainedMs = performance.now() - burstStart;
    console.log(
      `burst of ${BURST} events:      all accepted in ${ms(acceptedMs)}, all delivered in ${ms(drainedMs)} (${((BURST / drainedMs) * 1000).toFixed(0)} events/s)`,
    );
  } finally {
    lambda.destroy();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
