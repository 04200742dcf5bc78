import type { Clock, Timer } from '../../clock.js';

/**
 * Long polling without spinning: a receive that found nothing parks here until a send (or a
 * visibility change) on its queue notifies it, its timer fires, or its caller goes away.
 */
export class Waiters {
  private readonly byQueue = new Map<number, Set<() => void>>();
  /** Set on shutdown: nothing waits any more. */
  closed = false;

  constructor(private readonly clock: Clock) {}

  /** Resolves on the next notify of `queueId`, after `ms`, or when `signal` aborts; never rejects. */
  wait(queueId: number, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted || this.closed) return resolve();
      let set = this.byQueue.get(queueId);
      if (!set) this.byQueue.set(queueId, (set = new Set()));
      let timer: Timer | undefined;
      const done = () => {
        timer?.cancel();
        signal?.removeEventListener('abort', done);
        const current = this.byQueue.get(queueId);
        current?.delete(done);
        if (current?.size === 0) this.byQueue.delete(queueId);
        resolve();
      };
      set.add(done);
      timer = this.clock.schedule(Math.max(0, ms), done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  notify(queueId: number): void {
    const set = this.byQueue.get(queueId);
    if (!set) return;
    for (const wake of [...set]) wake();
  }

  /** Wakes every waiter and refuses new waits (shutdown). */
  close(): void {
    this.closed = true;
    for (const id of [...this.byQueue.keys()]) this.notify(id);
  }

  count(): number {
    let n = 0;
    for (const set of this.byQueue.values()) n += set.size;
    return n;
  }
}
