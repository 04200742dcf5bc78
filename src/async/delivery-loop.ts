import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../log.js';
import type { AsyncQueueStore, DueEvent, QueuedEvent } from './queue-store.js';

/** Deliveries running at once, across functions. */
const MAX_IN_FLIGHT = 64;
/** After a bug in delivery itself, so that one bad event cannot spin the loop. */
const UNEXPECTED_FAILURE_BACKOFF_MS = 5_000;
/** Re-reads per pass when functions reach their limit part-way through a batch. */
const MAX_BATCHES_PER_PASS = 4;

/**
 * Pulls due events off the durable queue and hands each to `deliver`. It does not poll: it runs
 * when an event is enqueued, when a delivery finishes, and at the next due time (through the
 * clock). Events of one function run at most `perFunctionLimit(event)` at a time.
 */
export class DeliveryLoop {
  private readonly inFlight = new Map<number, string>();
  private readonly busyByFunction = new Map<string, number>();
  /** The last limit seen per function, to skip passes that could not start anything. */
  private readonly knownLimits = new Map<string, number>();
  private timer: Timer | undefined;
  private timerAt = Infinity;
  private running = false;
  private passQueued = false;

  constructor(
    private readonly queue: AsyncQueueStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly perFunctionLimit: (event: DueEvent) => number,
    private readonly deliver: (event: QueuedEvent) => Promise<void>,
  ) {}

  get active(): boolean {
    return this.running;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    this.queue.releaseAll();
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /**
   * Looks at the queue once the caller's work is done (after its response is on its way). An event
   * for a function already at its limit needs no look: the next finished delivery makes one.
   */
  wake(functionArn?: string): void {
    if (!this.running || this.passQueued) return;
    if (functionArn !== undefined && (this.busyByFunction.get(functionArn) ?? 0) >= (this.knownLimits.get(functionArn) ?? Infinity)) return;
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.pass();
    });
  }

  private pass(): void {
    if (!this.running) return;
    const now = this.clock.now();
    let slots = MAX_IN_FLIGHT - this.inFlight.size;
    const limits = new Map<string, number>();
    const limitOf = (due: DueEvent) => {
      let limit = limits.get(due.functionArn);
      if (limit === undefined) {
        limit = this.perFunctionLimit(due);
        limits.set(due.functionArn, limit);
        this.knownLimits.set(due.functionArn, limit);
      }
      return limit;
    };
    const full = new Set<string>();
    for (const [arn, busy] of this.busyByFunction) if (busy >= (this.knownLimits.get(arn) ?? Infinity)) full.add(arn);

    for (let batch = 0; slots > 0 && batch < MAX_BATCHES_PER_PASS; batch++) {
      const rows = this.queue.due(now, slots, [...full]);
      let becameFull = false;
      for (const due of rows) {
        if (slots <= 0) break;
        if (full.has(due.functionArn)) continue;
        const busy = this.busyByFunction.get(due.functionArn) ?? 0;
        const limit = limitOf(due);
        if (busy < limit) {
          const event = this.queue.claim(due.seq);
          if (!event) continue;
          slots -= 1;
          this.launch(event);
        }
        if (busy + 1 >= limit) {
          full.add(due.functionArn);
          becameFull = true;
        }
      }
      if (!becameFull || rows.length < slots) break;
    }
    this.scheduleNext(now);
  }

  private launch(event: QueuedEvent): void {
    this.inFlight.set(event.seq, event.functionArn);
    this.busyByFunction.set(event.functionArn, (this.busyByFunction.get(event.functionArn) ?? 0) + 1);
    this.deliver(event)
      .catch((err) => {
        this.logger.error(`async delivery of ${event.requestId} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        if (!this.running) return;
        try {
          this.queue.reschedule({ ...event, dueAt: this.clock.now() + UNEXPECTED_FAILURE_BACKOFF_MS });
        } catch {
          // the store is gone; the event stays as it was and is retried after a restart
        }
      })
      .finally(() => {
        this.inFlight.delete(event.seq);
        const busy = (this.busyByFunction.get(event.functionArn) ?? 1) - 1;
        if (busy > 0) this.busyByFunction.set(event.functionArn, busy);
        else this.busyByFunction.delete(event.functionArn);
        this.wake();
      });
  }

  private scheduleNext(now: number): void {
    // Events already due but not started wait for a free slot: a finished delivery wakes the loop.
    const next = this.queue.nextDueAfter(now);
    if (next === undefined) return;
    if (this.timer && this.timerAt <= next) return;
    this.timer?.cancel();
    this.timerAt = next;
    this.timer = this.clock.schedule(next - now, () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pass();
    });
  }
}
