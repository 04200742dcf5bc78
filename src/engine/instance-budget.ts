import { ESTIMATED_INSTANCE_MB, type TributaryConfig } from '../config.js';
import type { Logger } from '../log.js';

/** What the budget needs of an instance: its state, when it last finished, what it holds. */
export interface BudgetedInstance {
  readonly lifecycle: { readonly state: string };
  readonly lastUsedAt: number;
  /** Peak resident memory measured after its last invocation; undefined before the first. */
  readonly residentMb?: number;
  stop(): void;
}

/**
 * The machine-wide bound on warm instances (count and resident memory) shared by every function's
 * pool. Starting one more instance first stops the least recently used idle instances, of any
 * function, until it fits; when only busy instances hold the budget the start is refused.
 */
export class InstanceBudget {
  private readonly live = new Set<BudgetedInstance>();
  private warned = false;

  constructor(
    private readonly config: Pick<TributaryConfig, 'maxInstances' | 'instanceMemoryMb'>,
    private readonly logger: Logger,
  ) {}

  get count(): number {
    return this.live.size;
  }

  /** Estimated resident memory of all live instances, in MB. */
  usedMb(): number {
    let total = 0;
    for (const instance of this.live) total += instance.residentMb ?? ESTIMATED_INSTANCE_MB;
    return total;
  }

  /** Makes room for one more instance; false (and a warning) when every instance in the budget is busy. */
  admit(functionName: string): boolean {
    while (!this.fits()) {
      const victim = this.leastRecentlyUsedIdle();
      if (!victim) {
        this.warnFull(functionName);
        return false;
      }
      victim.stop();
      this.live.delete(victim);
    }
    this.warned = false;
    return true;
  }

  add(instance: BudgetedInstance): void {
    this.live.add(instance);
  }

  remove(instance: BudgetedInstance): void {
    this.live.delete(instance);
  }

  /** With nothing running, one instance always starts, whatever the memory setting. */
  private fits(): boolean {
    if (this.live.size === 0) return true;
    return this.live.size + 1 <= this.config.maxInstances && this.usedMb() + ESTIMATED_INSTANCE_MB <= this.config.instanceMemoryMb;
  }

  private leastRecentlyUsedIdle(): BudgetedInstance | undefined {
    let oldest: BudgetedInstance | undefined;
    for (const instance of this.live) {
      if (instance.lifecycle.state !== 'Idle') continue;
      if (!oldest || instance.lastUsedAt < oldest.lastUsedAt) oldest = instance;
    }
    return oldest;
  }

  /** Once per episode of a full budget, not once per refused invoke. */
  private warnFull(functionName: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(
      `instance budget full: ${this.live.size} busy instances holding ~${this.usedMb()} MB ` +
        `(limits: ${this.config.maxInstances} instances, ${this.config.instanceMemoryMb} MB); ` +
        `throttling ${functionName} (429 TooManyRequestsException). Raise the budget with ` +
        `--max-instances / TRIBUTARY_MAX_INSTANCES or --instance-memory-mb / TRIBUTARY_INSTANCE_MEMORY_MB`,
    );
  }
}
