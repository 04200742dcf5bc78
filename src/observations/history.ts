import type { Observations } from './bus.js';
import type { Observation, ObservationType } from './types.js';

/** What `ObservationHistory.query` accepts. */
export interface HistoryQuery {
  /** Only observations with a larger `seq`. */
  afterSeq?: number;
  types?: readonly ObservationType[];
  /** Most recent first when false (the default is oldest first). */
  limit?: number;
}

/**
 * The most recent observations (a bounded ring), so that a reader arriving late (the dashboard on
 * load, a test waiting for an invocation that already finished) sees what happened before it came.
 * Subscribes to every type while it exists; `capacity` 0 keeps nothing and subscribes to nothing.
 */
export class ObservationHistory {
  private readonly ring: (Observation | undefined)[];
  private next = 0;
  private count = 0;
  private readonly listeners = new Set<(o: Observation) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    observations: Observations,
    readonly capacity: number,
  ) {
    this.ring = new Array(Math.max(0, capacity));
    this.unsubscribe = capacity > 0 ? observations.subscribe((o) => this.add(o)) : () => {};
  }

  private add(observation: Observation): void {
    this.ring[this.next] = observation;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    for (const listener of this.listeners) {
      try {
        listener(observation);
      } catch {
        // A reader's failure is its own.
      }
    }
  }

  /** The kept observations, oldest first, that pass `query` (at most `limit`, the newest ones). */
  query(query: HistoryQuery = {}): Observation[] {
    const out: Observation[] = [];
    const types = query.types ? new Set(query.types) : undefined;
    const start = (this.next - this.count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.count; i++) {
      const o = this.ring[(start + i) % this.capacity]!;
      if (query.afterSeq !== undefined && o.seq <= query.afterSeq) continue;
      if (types && !types.has(o.type)) continue;
      out.push(o);
    }
    return query.limit !== undefined && out.length > query.limit ? out.slice(out.length - query.limit) : out;
  }

  /** Calls `listener` for each observation kept from now on; returns the unsubscribe. */
  listen(listener: (o: Observation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everything kept (the harness's reset). */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
