/**
 * Time to Live: items whose TTL attribute (epoch seconds) has passed are deleted in the background,
 * on the injected clock, each as a service delete (the stream record carries DynamoDB's identity).
 * The sweep is restartable: expiry times live on the item rows, so a restart resumes where it stood.
 */
import type { Timer } from '../../clock.js';
import type { Logger } from '../../log.js';
import { type DynamoEnv, TTL_IDENTITY, writeItem } from './context.js';
import { pickKey, tableKeys } from './table-model.js';
import type { Item } from './values.js';

const SWEEP_EVERY_MS = 1000;
const BATCH = 500;

export class TtlSweeper {
  private timer: Timer | undefined;
  private stopped = true;

  constructor(
    private readonly env: DynamoEnv,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.env.clock.schedule(SWEEP_EVERY_MS, () => {
      try {
        this.sweep();
      } catch (err) {
        this.logger.warn(`dynamodb: TTL sweep failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.schedule();
    });
  }

  /** Deletes every expired item of every table with TTL on; returns how many went. */
  sweep(): number {
    const { store, clock } = this.env;
    const nowSeconds = Math.floor(clock.now() / 1000);
    let deleted = 0;
    for (const def of store.allTables()) {
      if (!def.ttl?.enabled) continue;
      const info = tableKeys(def);
      for (;;) {
        const rows = store.expired(def.id, nowSeconds, BATCH);
        if (rows.length === 0) break;
        store.transaction(() => {
          for (const row of rows) {
            const item = JSON.parse(row.item) as Item;
            writeItem(this.env, def, pickKey(info, item), undefined, item, { userIdentity: TTL_IDENTITY });
          }
        });
        deleted += rows.length;
        if (rows.length < BATCH) break;
      }
    }
    return deleted;
  }
}
