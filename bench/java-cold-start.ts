/**
 * Java benchmark: cold start (invoke → response, a new JVM each time) and warm invoke of a small
 * java17 RequestHandler through @aws-sdk/client-lambda. Prints numbers, never asserts.
 * Needs javac and the Java runtime interface client (see runtimes/README.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { ricClasspath } from '../src/engine/java-ric.js';
import { BENCH_CREDENTIALS, ms, percentile, spawnServer, summary, timed } from './support.js';

const COLD_ITERATIONS = Number(process.env.BENCH_COLD ?? 10);
const WARM_ITERATIONS = Number(process.env.BENCH_WARM ?? 300);

const HANDLER = `package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return event;
  }
}
`;

async function packageHandler(): Promise<Buffer> {
  const coreJar = (await ricClasspath()).jars.find((jar) => path.basename(jar).startsWith('aws-lambda-java-core-'))!;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-java-'));
  fs.mkdirSync(path.join(work, 'bench'));
  fs.writeFileSync(path.join(work, 'bench', 'Echo.java'), HANDLER);
  execFileSync('javac', ['--release', '17', '-cp', coreJar, '-d', path.join(work, 'classes'), path.join(work, 'bench', 'Echo.java')]);
  const zip = new AdmZip();
  zip.addFile('bench/Echo.class', fs.readFileSync(path.join(work, 'classes', 'bench', 'Echo.class')));
  fs.rmSync(work, { recursive: true, force: true });
  return zip.toBuffer();
}

async function main(): Promise<void> {
  const code = await packageHandler();
  const server = await spawnServer();
  const lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 });
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench-java',
        Runtime: 'java17',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'bench.Echo::handleRequest',
        Code: { ZipFile: code },
        MemorySize: 512,
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'bench-java' });
    const invoke = async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'bench-java', Payload: Buffer.from('{"hello":"world"}') }));
      if (out.FunctionError) throw new Error(Buffer.from(out.Payload ?? []).toString());
    };
    const first = await timed(invoke);
    const warm: number[] = [];
    for (let i = 0; i < WARM_ITERATIONS; i++) warm.push(await timed(invoke));
    const cold: number[] = [];
    for (let i = 0; i < COLD_ITERATIONS; i++) {
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'bench-java', Environment: { Variables: { BENCH_RUN: String(i) } } }));
      await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'bench-java' });
      cold.push(await timed(invoke));
    }
    console.log('Java benchmark (java17 RequestHandler echo, SDK client)');
    console.log(`  first cold start of the process       ${ms(first)}`);
    console.log(`  cold start Java                       p50 ${ms(percentile(cold, 50))}  p99 ${ms(percentile(cold, 99))}`);
    console.log(`  warm invoke Java                      ${summary(warm)}`);
  } finally {
    lambda.destroy();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
