import type { Observations } from './bus.js';
import { OBSERVATION_TYPES, type Observation, type ObservationType } from './types.js';

/** What `ObservationHistory.query` accepts. */
export interface HistoryQuery {
  /** Only observations with a larger `seq`. */
  afterSeq?: number;
  types?: readonly ObservationType[];
  /** Most recent first when false (the default is oldest first). */
  limit?: number;
}

/**
 * Until a reader first comes, only these are kept: what a lineage needs, at most a few per batch or
 * event. API calls and sent messages (one per request, one per message) would cost the hot paths a
 * third more CPU with nobody looking; they are kept from the first read on.
 */
export const UNREAD_HISTORY_TYPES: readonly ObservationType[] = OBSERVATION_TYPES.filter((t) => t !== 'api.call' && t !== 'message.sent');

/**
 * The most recent observations (a bounded ring), so that a reader arriving late (the dashboard on
 * load, a test waiting for an invocation that already finished) sees what happened before it came.
 * `capacity` 0 keeps nothing and subscribes to nothing.
 */
export class ObservationHistory {
  private readonly ring: (Observation | undefined)[];
  private next = 0;
  private count = 0;
  private readonly listeners = new Set<(o: Observation) => void>();
  private unsubscribe: () => void;
  private widened = false;

  constructor(
    private readonly observations: Observations,
    readonly capacity: number,
  ) {
    this.ring = new Array(Math.max(0, capacity));
    this.unsubscribe = capacity > 0 ? observations.subscribe((o) => this.add(o), UNREAD_HISTORY_TYPES) : () => {};
  }

  /** From the first read on, every type is kept. */
  private widen(): void {
    if (this.widened || this.capacity === 0) return;
    this.widened = true;
    this.unsubscribe();
    this.unsubscribe = this.observations.subscribe((o) => this.add(o));
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
    this.widen();
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
    this.widen();
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
