import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { TributaryConfig } from '../config.js';
import type { Logger } from '../log.js';
import { FunctionPool } from './function-pool.js';
import { InstanceBudget } from './instance-budget.js';
import type { Engine, FunctionLogSink, FunctionSpec, InvokeRequest, InvokeResult } from './types.js';

export interface EngineOptions {
  config: TributaryConfig;
  clock: Clock;
  logger: Logger;
  /** The endpoint functions' own SDK calls should reach (AWS_ENDPOINT_URL). */
  endpointUrl(): string;
  /** Receives every line of function output, START/END/REPORT included, one batch per burst. */
  logSink?: FunctionLogSink;
}

/** Runs functions as child processes on the Lambda Runtime API, one pool per function. */
export function createEngine(options: EngineOptions): Engine {
  const pools = new Map<string, FunctionPool>();
  const budget = new InstanceBudget(options.config, options.logger);
  // Instances' temporary directories: what a killed Tributary left behind goes now.
  const tmpRoot = path.join(options.config.dataDir, 'tmp');
  fs.rmSync(tmpRoot, { recursive: true, force: true });
  fs.mkdirSync(tmpRoot, { recursive: true, mode: 0o700 });
  let stopped = false;

  const poolFor = (functionArn: string): FunctionPool => {
    let pool = pools.get(functionArn);
    if (!pool) {
      pool = new FunctionPool(functionArn, { ...options, budget, tmpRoot });
      pools.set(functionArn, pool);
    }
    return pool;
  };

  return {
    invoke(spec: FunctionSpec, request: InvokeRequest): Promise<InvokeResult> {
      if (stopped) return Promise.reject(new Error('Tributary is stopping'));
      return poolFor(spec.functionArn).invoke(spec, request);
    },
    async retire(functionArn: string): Promise<void> {
      pools.get(functionArn)?.retireAll();
    },
    stats() {
      const stats: Record<string, { busy: number; idle: number }> = {};
      for (const [arn, pool] of pools) if (pool.size > 0) stats[arn] = pool.stats();
      return stats;
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const pool of pools.values()) pool.stop();
      pools.clear();
    },
  };
}
