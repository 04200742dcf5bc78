import type { Clock, Timer } from '../clock.js';
import type { TributaryConfig } from '../config.js';
import type { Logger } from '../log.js';
import { CodeWatcher } from './code-watcher.js';
import { Instance, InstanceLostError } from './instance.js';
import type { InstanceBudget } from './instance-budget.js';
import { ThrottledError, type FunctionLogSink, type FunctionSpec, type InvokeRequest, type InvokeResult } from './types.js';

export interface PoolOptions {
  config: TributaryConfig;
  clock: Clock;
  logger: Logger;
  endpointUrl(): string;
  /** Shared by every pool: bounds instances machine-wide. */
  budget: InstanceBudget;
  /** Parent of every instance's own temporary directory. */
  tmpRoot: string;
  logSink?: FunctionLogSink;
}

/** A warm instance that died before taking the invocation is replaced this many times at most. */
const MAX_REDISPATCH = 3;

/**
 * The instances of one function (all its versions): warm reuse, scale-out up to the function's
 * concurrency, throttling beyond it, idle reaping and retirement of outdated instances.
 */
export class FunctionPool {
  private readonly instances = new Set<Instance>();
  private readonly idleTimers = new Map<Instance, Timer>();
  private watcher?: CodeWatcher;
  private stopped = false;

  constructor(
    readonly functionArn: string,
    private readonly options: PoolOptions,
  ) {}

  get size(): number {
    return this.instances.size;
  }

  stats(): { busy: number; idle: number } {
    let busy = 0;
    let idle = 0;
    for (const instance of this.instances) {
      if (instance.lifecycle.state === 'Idle') idle++;
      else if (instance.lifecycle.state !== 'Stopped') busy++;
    }
    return { busy, idle };
  }

  async invoke(spec: FunctionSpec, request: InvokeRequest): Promise<InvokeResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dispatch(spec, request);
      } catch (error) {
        if (!(error instanceof InstanceLostError) || attempt >= MAX_REDISPATCH) throw error;
      }
    }
  }

  /** Chooses (or starts) the instance synchronously, so concurrent invokes count each other. */
  private dispatch(spec: FunctionSpec, request: InvokeRequest): Promise<InvokeResult> {
    // An invocation whose instance was lost to the pool's stop is not dispatched again: nothing starts after stop.
    if (this.stopped) return Promise.reject(new Error('Tributary is stopping'));
    this.retireOutdated(spec);
    this.watchIfAsked(spec);
    const limit = spec.reservedConcurrency ?? this.options.config.maxConcurrencyPerFunction;
    if (this.stats().busy >= limit) {
      throw new ThrottledError(
        spec.reservedConcurrency !== undefined ? 'ReservedFunctionConcurrentInvocationLimitExceeded' : 'ConcurrentInvocationLimitExceeded',
      );
    }
    const warm = this.warmestIdle(spec);
    if (warm) {
      this.idleTimers.get(warm)?.cancel();
      this.idleTimers.delete(warm);
      return warm.run(request);
    }
    // The account-wide concurrency limit is AWS's nearest counterpart of a machine-wide budget.
    if (!this.options.budget.admit(spec.functionName)) throw new ThrottledError('ConcurrentInvocationLimitExceeded');
    return new Promise((resolve, reject) => {
      const instance = new Instance(
        {
          spec,
          clock: this.options.clock,
          logger: this.options.logger,
          endpointUrl: this.options.endpointUrl,
          tmpRoot: this.options.tmpRoot,
          logSink: this.options.logSink,
          onIdle: (i) => this.onIdle(i),
          onStopped: (i) => this.onStopped(i),
        },
        request,
        resolve,
        reject,
      );
      if (instance.lifecycle.state === 'Stopped') return;
      this.instances.add(instance);
      this.options.budget.add(instance);
    });
  }

  /** The most recently used idle instance of this exact revision and version. */
  private warmestIdle(spec: FunctionSpec): Instance | undefined {
    let best: Instance | undefined;
    for (const instance of this.instances) {
      if (instance.lifecycle.state !== 'Idle' || instance.retiring) continue;
      if (instance.spec.revision !== spec.revision || instance.spec.version !== spec.version) continue;
      if (!best || instance.lastUsedAt > best.lastUsedAt) best = instance;
    }
    return best;
  }

  /** Instances of the same version built from another revision are replaced. */
  private retireOutdated(spec: FunctionSpec): void {
    for (const instance of this.instances) {
      if (instance.spec.version === spec.version && instance.spec.revision !== spec.revision) this.retireInstance(instance);
    }
  }

  private retireInstance(instance: Instance): void {
    instance.retiring = true;
    if (instance.lifecycle.state === 'Idle') instance.stop();
  }

  private watchIfAsked(spec: FunctionSpec): void {
    if (!spec.watchCode) {
      this.watcher?.close();
      this.watcher = undefined;
      return;
    }
    if (this.watcher?.dir === spec.codeDir) return;
    this.watcher?.close();
    this.watcher = new CodeWatcher(spec.codeDir, this.options.clock, () => this.retireAll());
  }

  private onIdle(instance: Instance): void {
    const timer = this.options.clock.schedule(this.options.config.instanceIdleMs, () => {
      this.idleTimers.delete(instance);
      if (instance.lifecycle.state === 'Idle') instance.stop();
    });
    this.idleTimers.set(instance, timer);
  }

  private onStopped(instance: Instance): void {
    this.instances.delete(instance);
    this.options.budget.remove(instance);
    this.idleTimers.get(instance)?.cancel();
    this.idleTimers.delete(instance);
  }

  /** Idle instances stop now; busy ones stop once their invocation ends. */
  retireAll(): void {
    for (const instance of [...this.instances]) this.retireInstance(instance);
  }

  /** Stops everything, busy instances included. */
  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
    for (const instance of [...this.instances]) instance.stop();
  }
}
