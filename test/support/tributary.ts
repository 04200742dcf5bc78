import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tributary } from '../../src/app.js';
import type { TributaryConfig } from '../../src/config.js';
import type { Clock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';

/** Credentials and region every test client uses; the account is the default 123456789012. */
export const clientConfig = (endpoint: string, region = 'us-east-1') => ({
  endpoint,
  region,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  forcePathStyle: true,
});

export interface TestTributary {
  tributary: Tributary;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts Tributary in this process on a loopback port chosen by the OS, with a fresh data dir. */
export async function startTributary(options: { config?: Partial<TributaryConfig>; clock?: Clock; dataDir?: string } = {}): Promise<TestTributary> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-test-'));
  const tributary = await Tributary.start({
    // Trigger lines only when the test's logs are shown: otherwise nobody watches and nothing is observed.
    config: { port: 0, host: '127.0.0.1', dataDir, asyncRetryDelayScale: 0.001, triggerLogs: Boolean(process.env.TRIBUTARY_TEST_LOGS), ...options.config },
    clock: options.clock,
    logger: process.env.TRIBUTARY_TEST_LOGS ? undefined : silentLogger,
  });
  return {
    tributary,
    url: tributary.url,
    dataDir,
    async stop() {
      await tributary.stop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
