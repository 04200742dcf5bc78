/** Shared by the benchmarks: start the built server (and moto) as users do, package functions, and summarise timings. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface SpawnedServer {
  url: string;
  process: ChildProcess;
  /** Milliseconds from spawn until `/_tributary/health` answered. */
  readyMs: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Spawns `node bin/tributary.js start` on a fresh data dir and polls health until it answers. */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-'));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/tributary.js'), 'start', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, TRIBUTARY_FUNCTION_LOGS: '0', TRIBUTARY_TRIGGER_LOGS: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (await healthy(port)) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('Tributary did not become ready');
    await new Promise((r) => setTimeout(r, 2));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    process: child,
    readyMs,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One health probe with node:http (fetch would add its own lazy start-up to the measurement). */
function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_tributary/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
  });
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : `${n.toFixed(2)} ms`);

export function summary(samples: readonly number[]): string {
  const total = samples.reduce((a, b) => a + b, 0);
  return `p50 ${ms(percentile(samples, 50))}  p99 ${ms(percentile(samples, 99))}  (${samples.length} samples, ${((samples.length / total) * 1000).toFixed(0)}/s sequential)`;
}

/** Any credentials do for Tributary and moto. */
export const BENCH_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A deployment package (zip) holding `files`, name to text. */
export function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer();
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Polls `url` until it answers at all, or fails when `child` exits or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${url} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops `child` with SIGTERM and waits for it to exit (at once if it already has). */
export function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}

/** moto's server on a free loopback port, or undefined when it does not start (not installed). */
export async function startMoto(): Promise<{ url: string; pid?: number; stop(): Promise<void> } | undefined> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/moto-api/`, child, 30_000);
  } catch {
    child.kill('SIGKILL');
    return undefined;
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}
