/**
 * Wakes the readers of a stream after a write commits. DynamoDB appends inside its write
 * transaction; the listeners run once that transaction is over (a microtask later, or on the next
 * turn while a transaction is still open), so they read what committed.
 */
import type { Db } from '../../store/database.js';

export class StreamSignals {
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly due = new Set<string>();
  private scheduled = false;

  constructor(private readonly db: Db) {}

  subscribe(streamArn: string, listener: () => void): () => void {
    let set = this.listeners.get(streamArn);
    if (!set) this.listeners.set(streamArn, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(streamArn) === set) this.listeners.delete(streamArn);
    };
  }

  notify(streamArn: string): void {
    if (!this.listeners.has(streamArn)) return;
    this.due.add(streamArn);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.db.inTransaction) {
      setImmediate(() => this.flush());
      return;
    }
    this.scheduled = false;
    const arns = [...this.due];
    this.due.clear();
    for (const arn of arns) for (const listener of [...(this.listeners.get(arn) ?? [])]) listener();
  }
}
