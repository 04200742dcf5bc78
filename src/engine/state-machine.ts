/**
 * A finite state machine whose states reject every event they do not list, as the Runtime
 * Interface Emulator models the runtime: `/response` before `/next` is a typed error, not an accident.
 */
export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly event: string,
  ) {
    super(`State transition from ${from} on ${event} is not allowed`);
  }
}

export class StateMachine<S extends string, E extends string> {
  private current: S;

  constructor(
    private readonly table: TransitionTable<S, E>,
    initial: S,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  can(event: E): boolean {
    return this.table[this.current][event] !== undefined;
  }

  /** Moves to the state `event` leads to, or throws InvalidTransitionError. */
  fire(event: E): S {
    const next = this.table[this.current][event];
    if (next === undefined) throw new InvalidTransitionError(this.current, event);
    this.current = next;
    return next;
  }
}
