import type { NotificationConfig } from '../../services/s3/notifications/config.js';
import type { ObjectAttrs } from '../../services/s3/store.js';
import type { Db } from '../../store/database.js';
import type { BucketObject, BucketSummary } from '../api-types.js';
import { parseJson, row, rows } from './db.js';

interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  notification: string | null;
}

export function notificationsOf(notification: string | null): NotificationConfig {
  return parseJson<NotificationConfig>(notification, { targets: [], eventBridge: false });
}

export function allBuckets(db: Db): BucketRow[] {
  return rows<BucketRow>(db, 'SELECT name, account_id, region, created_at, notification FROM s3_buckets ORDER BY name');
}

export function bucketExists(db: Db, name: string): boolean {
  return row(db, 'SELECT 1 AS found FROM s3_buckets WHERE name = ?', name) !== undefined;
}

/** Every bucket with its current (not deleted) object count and its number of notification configurations. */
export function listBuckets(db: Db): BucketSummary[] {
  const counts = new Map(
    rows<{ bucket: string; n: number }>(db, 'SELECT bucket, COUNT(*) AS n FROM s3_objects WHERE is_latest = 1 AND delete_marker = 0 GROUP BY bucket').map(
      (r) => [r.bucket, r.n],
    ),
  );
  return allBuckets(db).map((b) => {
    const config = notificationsOf(b.notification);
    return {
      name: b.name,
      region: b.region,
      createdAt: new Date(b.created_at).toISOString(),
      objects: counts.get(b.name) ?? 0,
      notifications: config.targets.length + (config.eventBridge ? 1 : 0),
    };
  });
}

/** The current objects of a bucket in key order, as ListObjectsV2 lists them. */
export function listObjects(db: Db, bucket: string, prefix: string, limit: number): BucketObject[] {
  const found = rows<{ key: string; size: number; last_modified: number; etag: string; attrs: string }>(
    db,
    `SELECT key, size, last_modified, etag, attrs FROM s3_objects
      WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?`,
    bucket,
    prefix.length,
    prefix,
    limit,
  );
  return found.map((o) => {
    const object: BucketObject = { key: o.key, size: o.size, lastModified: new Date(o.last_modified).toISOString(), etag: o.etag };
    const contentType = parseJson<ObjectAttrs>(o.attrs, {}).contentType;
    if (contentType) object.contentType = contentType;
    return object;
  });
}
