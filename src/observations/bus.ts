import type { Clock } from '../clock.js';
import { OBSERVATION_TYPES, type Observation, type ObservationInput, type ObservationType } from './types.js';

export type ObservationListener = (observation: Observation) => void;

/**
 * The observation stream. Producers ask `wants(type)` before building anything costly; with no
 * subscriber for a type, `emit` returns at once, so observing costs nothing when nobody watches.
 */
export class Observations {
  private seq = 0;
  private readonly byType = new Map<ObservationType, Set<ObservationListener>>();

  constructor(private readonly clock: Clock) {}

  /** True when some subscriber listens for `type`. */
  wants(type: ObservationType): boolean {
    return this.byType.has(type);
  }

  emit(input: ObservationInput): void {
    const listeners = this.byType.get(input.type);
    if (!listeners) return;
    const observation = { ...input, seq: ++this.seq, time: this.clock.now() } as Observation;
    for (const listener of listeners) {
      try {
        listener(observation);
      } catch {
        // A subscriber's failure is its own; producers never see it.
      }
    }
  }

  /** Listens for the given types (every type when none are given); returns the unsubscribe. */
  subscribe(listener: ObservationListener, types: readonly ObservationType[] = OBSERVATION_TYPES): () => void {
    for (const type of types) {
      let set = this.byType.get(type);
      if (!set) this.byType.set(type, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const type of types) {
        const set = this.byType.get(type);
        if (!set) continue;
        set.delete(listener);
        if (set.size === 0) this.byType.delete(type);
      }
    };
  }
}
