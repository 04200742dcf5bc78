import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeRefusal } from './refusal.js';

/**
 * The requests being answered, so shutdown can let them finish: a synchronous invoke or an upload
 * in flight completes if it can within the grace period; what is still running then gets a 503
 * in its protocol's error shape, which SDKs retry, instead of a dropped connection.
 */
export class InFlightRequests {
  private readonly open = new Set<{ req: IncomingMessage; res: ServerResponse; serviceName?: string }>();
  private drained: (() => void) | undefined;

  add(req: IncomingMessage, res: ServerResponse, serviceName?: string): void {
    const entry = { req, res, serviceName };
    this.open.add(entry);
    res.once('close', () => {
      this.open.delete(entry);
      if (this.open.size === 0) this.drained?.();
    });
  }

  get size(): number {
    return this.open.size;
  }

  /** Waits until every request is answered or `graceMs` passes, then answers the rest with 503. */
  async drain(graceMs: number): Promise<void> {
    if (this.open.size > 0 && graceMs > 0) {
      // Real time, not the injected clock: this bounds how long real clients wait for real sockets.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.drained = undefined;
    }
    for (const { req, res, serviceName } of this.open) {
      if (res.headersSent) {
        res.destroy();
        continue;
      }
      res.setHeader('Connection', 'close');
      const refusal = { status: 503, code: 'ServiceUnavailable', message: 'Tributary is shutting down; retry once it is back.' };
      writeRefusal(req, res, refusal, randomUUID(), serviceName);
    }
  }
}
