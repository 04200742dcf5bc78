import { randomUUID } from 'node:crypto';
import type { Timer } from '../../clock.js';
import type { ServiceDeps } from '../deps.js';
import { newHostId, ownerPrincipalId, s3RequestId } from './ids.js';
import type { Notifier } from './notifications/notifier.js';
import { parseAttrs, type ObjectRow, type S3Store } from './store.js';

/**
 * How long a restore from an archive class takes here: AWS takes minutes (Expedited) to hours
 * (Standard, Bulk); locally the tiers keep their order but complete within seconds.
 */
export const RESTORE_DELAY_MS: Record<string, number> = { Expedited: 500, Standard: 1000, Bulk: 2000 };

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Completes restores when their time comes (also after a restart), through the injected clock. */
export class RestoreScheduler {
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly store: S3Store,
    private readonly notifier: Notifier,
  ) {}

  start(): void {
    for (const row of this.store.objectsWithRestore()) this.schedule(row);
  }

  stop(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  /** Schedules what comes next for the object's restore: its completion, or the expiry of the copy. */
  schedule(row: ObjectRow): void {
    const restore = parseAttrs(row).restore;
    if (!restore) return;
    const at = restore.ongoing ? restore.completesAt : restore.expiresAt;
    if (at === undefined) return;
    const id = `${row.bucket}\u0000${row.key}\u0000${row.version_id}`;
    this.at(id, at, () => (restore.ongoing ? this.complete(row.bucket, row.key, row.version_id) : this.expire(row.bucket, row.key, row.version_id)));
  }

  /** Runs `fn` at clock time `at`; long waits are split, as timers cannot wait more than ~24 days. */
  private at(id: string, at: number, fn: () => void): void {
    this.timers.get(id)?.cancel();
    const delay = at - this.deps.clock.now();
    const step = Math.min(delay, MAX_TIMER_MS);
    this.timers.set(
      id,
      this.deps.clock.schedule(step, () => {
        this.timers.delete(id);
        if (step < delay) this.at(id, at, fn);
        else fn();
      }),
    );
  }

  /** The restored copy expires: the object is archived again (`s3:ObjectRestore:Delete`). */
  private expire(bucketName: string, key: string, versionId: string): void {
    const row = this.store.version(bucketName, key, versionId);
    const bucket = this.store.bucket(bucketName);
    if (!row || !bucket) return;
    const attrs = parseAttrs(row);
    if (!attrs.restore || attrs.restore.ongoing || (attrs.restore.expiresAt ?? 0) > this.deps.clock.now()) return;
    delete attrs.restore;
    this.store.updateAttrs(bucketName, key, versionId, attrs);
    this.notifier.emit(
      bucket,
      { name: 'ObjectRestore:Delete', key, size: row.size, eTag: row.etag, versionId: row.version_id, principalId: 's3.amazonaws.com' },
      { requestId: s3RequestId(randomUUID()), hostId: newHostId(), sourceIp: 's3.amazonaws.com', principalId: 's3.amazonaws.com' },
    );
  }

  private complete(bucketName: string, key: string, versionId: string): void {
    const row = this.store.version(bucketName, key, versionId);
    const bucket = this.store.bucket(bucketName);
    if (!row || !bucket) return;
    const attrs = parseAttrs(row);
    if (!attrs.restore?.ongoing) return;
    const now = this.deps.clock.now();
    // AWS rounds the expiry up to the next midnight UTC after `Days` days.
    const expiresAt = Math.ceil((now + attrs.restore.days * DAY_MS) / DAY_MS) * DAY_MS;
    attrs.restore = { ongoing: false, days: attrs.restore.days, tier: attrs.restore.tier, expiresAt };
    this.store.updateAttrs(bucketName, key, versionId, attrs);
    this.schedule({ ...row, attrs: JSON.stringify(attrs) });
    this.notifier.emit(
      bucket,
      {
        name: 'ObjectRestore:Completed',
        key,
        size: row.size,
        eTag: row.etag,
        versionId: row.version_id,
        principalId: `AmazonCustomer:${ownerPrincipalId(bucket.account_id)}`,
        extra: {
          glacierEventData: {
            restoreEventData: {
              lifecycleRestorationExpiryTime: new Date(expiresAt).toISOString(),
              lifecycleRestoreStorageClass: row.storage_class,
            },
          },
        },
      },
      { requestId: s3RequestId(randomUUID()), hostId: newHostId(), sourceIp: 's3.amazonaws.com', principalId: 's3.amazonaws.com' },
    );
  }
}
