import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../log.js';
import type { AsyncQueueStore, DueEvent, QueuedEvent } from './queue-store.js';

/** Deliveries running at once, across functions. */
const MAX_IN_FLIGHT = 64;
/** After a bug in delivery itself, so that one bad event cannot spin the loop. */
const UNEXPECTED_FAILURE_BACKOFF_MS = 5_000;

/**
 * Pulls due events off the durable queue and hands each to `deliver`. It does not poll: it runs
 * when an event is enqueued, when a delivery finishes, and at the next due time (through the
 * clock). Events of one function run at most `perFunctionLimit(event)` at a time.
 */
export class DeliveryLoop {
  private readonly inFlight = new Map<number, string>();
  private timer: Timer | undefined;
  private timerAt = Infinity;
  private running = false;
  private pumpQueued = false;

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
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Looks at the queue soon (after the caller's synchronous work). */
  wake(): void {
    if (!this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.clock.now();
    const exclude = new Set(this.inFlight.keys());
    const slots = MAX_IN_FLIGHT - this.inFlight.size;
    if (slots > 0) {
      const perFunction = new Map<string, number>();
      for (const arn of this.inFlight.values()) perFunction.set(arn, (perFunction.get(arn) ?? 0) + 1);
      const limits = new Map<string, number>();
      let started = 0;
      for (const due of this.queue.due(now, MAX_IN_FLIGHT, exclude)) {
        if (started >= slots) break;
        const busy = perFunction.get(due.functionArn) ?? 0;
        let limit = limits.get(due.functionArn);
        if (limit === undefined) limits.set(due.functionArn, (limit = this.perFunctionLimit(due)));
        if (busy >= limit) continue;
        const event = this.queue.load(due.seq);
        if (!event) continue;
        perFunction.set(due.functionArn, busy + 1);
        started += 1;
        exclude.add(due.seq);
        this.launch(event);
      }
    }
    this.scheduleNext(exclude, now);
  }

  private launch(event: QueuedEvent): void {
    this.inFlight.set(event.seq, event.functionArn);
    this.deliver(event)
      .catch((err) => {
        this.logger.error(`async delivery of ${event.requestId} failed unexpectedly: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        if (!this.running) return;
        try {
          this.queue.reschedule({ ...event, dueAt: this.clock.now() + UNEXPECTED_FAILURE_BACKOFF_MS });
        } catch {
          // the store is gone; the event stays as it was and is retried after a restart
        }
      })
      .finally(() => {
        this.inFlight.delete(event.seq);
        this.wake();
      });
  }

  private scheduleNext(exclude: ReadonlySet<number>, now: number): void {
    const next = this.queue.nextDueAt(exclude);
    if (next === undefined || next <= now) return; // nothing waiting, or waiting for a free slot
    if (this.timer && this.timerAt <= next) return;
    this.timer?.cancel();
    this.timerAt = next;
    this.timer = this.clock.schedule(next - now, () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    });
  }
}
