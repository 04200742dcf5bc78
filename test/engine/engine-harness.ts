import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/clock.js';
import { SystemClock } from '../../src/clock.js';
import { resolveConfig, type TributaryConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine/index.js';
import type { Engine, FunctionSpec, InvokeRequest, InvokeResult } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { after, before } from 'node:test';

/** A logger that keeps function lines, for assertions on platform and console output. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  info() {}
  warn(message: string) {
    this.warnings.push(message);
  }
  error() {}
  functionLine(_functionName: string, line: string): void {
    this.lines.push(line);
    if (process.env.TRIBUTARY_TEST_LOGS) process.stdout.write(`[${_functionName}] ${line}\n`);
  }
}

export interface Harness {
  engine: Engine;
  logger: CapturingLogger;
  clock: Clock;
  /** Writes `files` into a fresh code directory and returns a spec for it. */
  fn(files: Record<string, string>, overrides?: Partial<FunctionSpec>): FunctionSpec;
  invoke(spec: FunctionSpec, payload?: unknown, request?: Partial<InvokeRequest>): Promise<InvokeResult>;
  stop(): Promise<void>;
}

const tempRoots: string[] = [];

export function tempDir(prefix = 'tributary-engine-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempRoots.push(dir);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: name.endsWith('bootstrap') ? 0o755 : 0o644 });
  }
}

let counter = 0;

export function createHarness(options: { config?: Partial<TributaryConfig>; clock?: Clock; endpointUrl?: string } = {}): Harness {
  const logger = new CapturingLogger();
  const clock = options.clock ?? new SystemClock();
  const config = resolveConfig({ dataDir: tempDir(), maxConcurrencyPerFunction: 10, ...options.config }, {});
  const engine = createEngine({ config, clock, logger, endpointUrl: () => options.endpointUrl ?? 'http://127.0.0.1:4566' });
  return {
    engine,
    logger,
    clock,
    fn(files, overrides = {}) {
      const codeDir = tempDir('tributary-code-');
      writeFiles(codeDir, files);
      const functionName = overrides.functionName ?? `fn-${++counter}`;
      return {
        revision: randomUUID(),
        functionName,
        functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
        version: '$LATEST',
        accountId: '123456789012',
        region: 'us-east-1',
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        codeDir,
        layerDirs: [],
        memorySizeMb: 128,
        timeoutSeconds: 3,
        ephemeralStorageMb: 512,
        architecture: 'x86_64',
        environment: {},
        logGroupName: `/aws/lambda/${functionName}`,
        ...overrides,
      };
    },
    invoke(spec, payload = {}, request = {}) {
      return engine.invoke(spec, {
        requestId: randomUUID(),
        payload: Buffer.from(JSON.stringify(payload)),
        invokedFunctionArn: spec.functionArn,
        ...request,
      });
    },
    async stop() {
      await engine.stop();
    },
  };
}

export const json = (result: InvokeResult): any => JSON.parse(result.payload.toString('utf8'));

/** Removes every temp directory the harness made (call from an `after` hook). */
export function cleanTempDirs(): void {
  for (const dir of tempRoots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A harness for the enclosing suite: created in its `before` hook, stopped (and the temp dirs
 * removed) in its `after` hook. The returned object reaches that harness once the suite runs.
 */
export function harnessPerSuite(options: Parameters<typeof createHarness>[0] = {}): Harness {
  let h: Harness | undefined;
  before(() => {
    h = createHarness(options);
  });
  after(async () => {
    await h?.stop();
    cleanTempDirs();
  });
  const current = (): Harness => {
    if (!h) throw new Error('the suite harness is created in the before hook; use it inside tests');
    return h;
  };
  return {
    get engine() {
      return current().engine;
    },
    get logger() {
      return current().logger;
    },
    get clock() {
      return current().clock;
    },
    fn: (files, overrides) => current().fn(files, overrides),
    invoke: (spec, payload, request) => current().invoke(spec, payload, request),
    stop: () => current().stop(),
  };
}

/** For `eventually`: true once no process has this pid, undefined while one does. */
export const processGone = (pid: number): true | undefined => {
  try {
    process.kill(pid, 0);
    return undefined;
  } catch {
    return true;
  }
};
