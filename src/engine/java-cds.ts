import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { javaCacheDir, RIC_VERSION } from './java-ric.js';
import { trackProcess } from './process-registry.js';

/**
 * A class-data-sharing archive of the runtime interface client's start-up, per JDK: Lambda's Java
 * runtimes start from one too, and it halves a cold start here. The first Java cold start of a
 * machine runs without it while one is recorded in the background, from a JVM that serves a single
 * invocation to a built-in handler on a throwaway Runtime API.
 */
export interface JavaForArchive {
  home: string;
  java: string;
  major: number;
}

// A POJO handler every JVM has: a Map in (deserialized by the RIC), nothing out.
const WARMUP_HANDLER = 'java.util.HashMap::putAll';
const RECORD_TIMEOUT_MS = 60_000;

const recording = new Map<string, Promise<void>>();

function archivePath(jdk: JavaForArchive, jars: readonly string[]): string {
  let release = '';
  try {
    release = readFileSync(path.join(jdk.home, 'release'), 'utf8');
  } catch {
    // Keyed by the home alone.
  }
  const key = createHash('sha256')
    .update([jdk.home, release, ...jars].join('\n'))
    .digest('hex')
    .slice(0, 16);
  return path.join(javaCacheDir(), `ric-${RIC_VERSION}`, `cds-java${jdk.major}-${key}.jsa`);
}

/** Answers one invocation, then refuses, so the recording JVM exits (and writes its archive). */
function throwawayRuntimeApi(): Promise<http.Server> {
  let served = false;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.method === 'GET' && req.url?.endsWith('/invocation/next')) {
      if (served) return res.socket?.destroy();
      served = true;
      const body = JSON.stringify({ warm: 'up' });
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': '00000000-0000-4000-8000-000000000000',
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + RECORD_TIMEOUT_MS),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:tributary-java-warmup',
        'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
        'Content-Length': Buffer.byteLength(body),
      });
      return res.end(body);
    }
    res.writeHead(202, { 'Content-Type': 'application/json' }).end('{}');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function record(jdk: JavaForArchive, jvmArgs: readonly string[], classpath: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-java-cds-'));
  const partial = `${target}.${process.pid}.part`;
  const server = await throwawayRuntimeApi();
  server.unref();
  try {
    const child = spawn(
      jdk.java,
      [
        ...jvmArgs,
        `-XX:ArchiveClassesAtExit=${partial}`,
        '-classpath',
        classpath,
        'com.amazonaws.services.lambda.runtime.api.client.AWSLambda',
        WARMUP_HANDLER,
      ],
      {
        cwd: workDir,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          LANG: 'en_US.UTF-8',
          TZ: ':UTC',
          AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${(server.address() as AddressInfo).port}`,
          LAMBDA_TASK_ROOT: workDir,
          _HANDLER: WARMUP_HANDLER,
          AWS_LAMBDA_FUNCTION_NAME: 'tributary-java-warmup',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        },
        stdio: 'ignore',
        detached: true,
      },
    );
    trackProcess(child);
    child.unref();
    const timer = setTimeout(() => child.kill('SIGKILL'), RECORD_TIMEOUT_MS);
    timer.unref();
    await new Promise<void>((resolve) => {
      child.once('error', () => resolve());
      child.once('exit', () => resolve());
    });
    clearTimeout(timer);
    if (existsSync(partial) && (await stat(partial)).size > 0) await rename(partial, target);
  } finally {
    server.close();
    await rm(partial, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The archive for this JDK and RIC classpath when it exists; otherwise starts recording it (once per
 * process) and returns undefined. Dynamic archives need Java 13 or newer.
 */
export function sharedArchive(jdk: JavaForArchive, jars: readonly string[], jvmArgs: readonly string[]): string | undefined {
  if (jdk.major < 13 || process.env.TRIBUTARY_JAVA_CDS === '0') return undefined;
  const target = archivePath(jdk, jars);
  if (existsSync(target)) return target;
  if (!recording.has(target)) {
    recording.set(
      target,
      record(jdk, jvmArgs, jars.join(path.delimiter), target).catch(() => {
        // Without an archive the JVM starts as it would anyway.
      }),
    );
  }
  return undefined;
}
