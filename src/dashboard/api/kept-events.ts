import type { Gateway } from '../../gateway/function-gateway.js';
import type { InvocationCause } from '../../gateway/types.js';
import type { Observations } from '../../observations/bus.js';

/** What an invocation ran with, kept so the dashboard can run it again. */
export interface KeptEvent {
  qualifiedArn: string;
  accountId: string;
  region: string;
  payload: Buffer;
  traceHeader?: string;
  cause: InvocationCause;
  /** It came through the async invocation queue (an `event.accepted` preceded it). */
  async: boolean;
}

export const KEPT_EVENTS = 500;
export const KEPT_EVENT_MAX_BYTES = 256 * 1024;
/** All kept events together (500 of the largest would be 128 MB). */
export const KEPT_TOTAL_BYTES = 32 * 1024 * 1024;

/**
 * The events of the most recent invocations (at most 500, each up to 256 KB, 32 MB in all), by
 * Lambda request id, in memory. Keeping one costs a Map insert and holds a reference to the payload the caller
 * already made; it copies only a small payload that is a view into a much larger buffer (so a
 * kept event never pins more than its own bytes).
 */
export class KeptEvents {
  private readonly events = new Map<string, KeptEvent>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeAccepted: () => void;
  /** Request ids of events the async queue accepted lately (an event is accepted before it runs). */
  private readonly accepted = new Set<string>();
  private bytes = 0;

  constructor(
    gateway: Gateway,
    observations: Observations,
    private readonly capacity = KEPT_EVENTS,
    private readonly maxBytes = KEPT_TOTAL_BYTES,
  ) {
    this.unsubscribeAccepted = observations.subscribe(
      (o) => {
        if (!o.ids.invocationId) return;
        this.accepted.add(o.ids.invocationId);
        if (this.accepted.size > this.capacity * 2) this.accepted.delete(this.accepted.values().next().value!);
      },
      ['event.accepted'],
    );
    this.unsubscribe = gateway.onInvocation((request, fn) => {
      const payload = request.payload;
      if (payload.length > KEPT_EVENT_MAX_BYTES) return;
      const kept = payload.buffer.byteLength > payload.length * 2 + 4096 ? Buffer.from(payload) : payload;
      // A retry of the same event (async attempts keep their request id) replaces the older entry.
      this.forget(request.requestId);
      this.bytes += kept.length;
      this.events.set(request.requestId, {
        qualifiedArn: fn.qualifiedArn,
        accountId: fn.accountId,
        region: fn.region,
        payload: kept,
        traceHeader: request.traceHeader,
        cause: request.cause,
        async: this.accepted.has(request.requestId),
      });
      while (this.events.size > this.capacity || this.bytes > this.maxBytes) this.forget(this.events.keys().next().value!);
    });
  }

  private forget(invocationId: string): void {
    const event = this.events.get(invocationId);
    if (!event) return;
    this.bytes -= event.payload.length;
    this.events.delete(invocationId);
  }

  get(invocationId: string): KeptEvent | undefined {
    return this.events.get(invocationId);
  }

  has(invocationId: string): boolean {
    return this.events.has(invocationId);
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeAccepted();
    this.events.clear();
    this.accepted.clear();
    this.bytes = 0;
  }
}
