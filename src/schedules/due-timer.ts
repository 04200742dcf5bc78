import type { Clock, Timer } from '../clock.js';

/**
 * One clock timer for "the earliest thing due": `arm(at)` keeps it at the earliest time asked
 * for; work already due runs on the next turn of the event loop (not on the clock, which a manual
 * clock would hold until it is advanced).
 */
export class DueTimer {
  private timer: Timer | undefined;
  private timerAt = Infinity;
  private immediate = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly run: () => void,
  ) {}

  arm(at: number | undefined): void {
    if (this.stopped || at === undefined) return;
    const now = this.clock.now();
    if (at <= now) {
      if (this.immediate) return;
      this.immediate = true;
      setImmediate(() => {
        this.immediate = false;
        if (!this.stopped) this.run();
      });
      return;
    }
    if (this.timer && this.timerAt <= at) return;
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.clock.schedule(at - now, () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      if (!this.stopped) this.run();
    });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
