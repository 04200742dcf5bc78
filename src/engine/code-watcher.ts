import fs from 'node:fs';
import type { Clock, Timer } from '../clock.js';

/** Bursts of file events (an editor save, a build) settle for this long before one retire. */
const SETTLE_MS = 50;

/** Development mode: watches a function's code directory and reports changes, debounced. */
export class CodeWatcher {
  private watcher?: fs.FSWatcher;
  private pending?: Timer;

  constructor(
    readonly dir: string,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {
    try {
      this.watcher = fs.watch(dir, { recursive: true, persistent: false }, () => this.changed());
      this.watcher.on('error', () => this.close());
    } catch {
      // The directory is gone or cannot be watched; invocations will report it.
    }
  }

  private changed(): void {
    this.pending?.cancel();
    this.pending = this.clock.schedule(SETTLE_MS, () => {
      this.pending = undefined;
      this.onChange();
    });
  }

  close(): void {
    this.pending?.cancel();
    this.watcher?.close();
    this.watcher = undefined;
  }
}
