import type BetterSqlite3 from 'better-sqlite3';
import type { Db, Store } from '../../store/database.js';

/**
 * S3's tables. Bucket names are global (one namespace for every account, as in AWS). Every object
 * version is a row; an unversioned bucket keeps one row per key with version id `null`.
 */
const MIGRATIONS = [
  `CREATE TABLE s3_buckets (
     name TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     versioning TEXT,
     notification TEXT,
     tags TEXT
   );
   CREATE TABLE s3_objects (
     bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
     key TEXT NOT NULL,
     version_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     is_latest INTEGER NOT NULL,
     delete_marker INTEGER NOT NULL DEFAULT 0,
     blob_id TEXT,
     size INTEGER NOT NULL DEFAULT 0,
     etag TEXT NOT NULL DEFAULT '',
     last_modified INTEGER NOT NULL,
     storage_class TEXT NOT NULL DEFAULT 'STANDARD',
     attrs TEXT NOT NULL DEFAULT '{}',
     PRIMARY KEY (bucket, key, version_id)
   );
   CREATE INDEX s3_objects_latest ON s3_objects (bucket, is_latest, key);
   CREATE INDEX s3_objects_seq ON s3_objects (bucket, key, seq);
   CREATE TABLE s3_uploads (
     upload_id TEXT PRIMARY KEY,
     bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
     key TEXT NOT NULL,
     initiated INTEGER NOT NULL,
     storage_class TEXT NOT NULL,
     attrs TEXT NOT NULL
   );
   CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, key, initiated);
   CREATE TABLE s3_parts (
     upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
     part_number INTEGER NOT NULL,
     blob_id TEXT NOT NULL,
     size INTEGER NOT NULL,
     etag TEXT NOT NULL,
     last_modified INTEGER NOT NULL,
     checksum TEXT,
     PRIMARY KEY (upload_id, part_number)
   );`,
  `CREATE TABLE s3_bucket_documents (
     bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
     subresource TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (bucket, subresource)
   );`,
];

export interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  versioning: 'Enabled' | 'Suspended' | null;
  notification: string | null;
  tags: string | null;
}

/** Headers and metadata kept with an object (or an upload, until it completes). */
export interface ObjectAttrs {
  contentType?: string;
  /** Content-Disposition, Content-Encoding, Content-Language, Cache-Control, Expires, as sent. */
  headers?: Record<string, string>;
  /** User metadata without the `x-amz-meta-` prefix. */
  metadata?: Record<string, string>;
  checksum?: { algorithm: string; value: string; type: 'FULL_OBJECT' | 'COMPOSITE' };
  /** For uploads: the algorithm the parts carry and the checksum type the object will get. */
  checksumAlgorithm?: string;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  partsCount?: number;
  /** Sizes of the parts of a completed multipart upload, for GET/HEAD with `partNumber`. */
  partSizes?: number[];
  /** The checksum each part was uploaded with (base64), for GET with `partNumber` and GetObjectAttributes. */
  partChecksums?: (string | null)[];
  tags?: Record<string, string>;
  restore?: RestoreState;
}

export interface RestoreState {
  ongoing: boolean;
  days: number;
  tier: string;
  /** When the restore completes (ongoing) or the restored copy expires (done). */
  completesAt?: number;
  expiresAt?: number;
}

export interface ObjectRow {
  bucket: string;
  key: string;
  version_id: string;
  seq: number;
  is_latest: number;
  delete_marker: number;
  blob_id: string | null;
  size: number;
  etag: string;
  last_modified: number;
  storage_class: string;
  attrs: string;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  storage_class: string;
  attrs: string;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  checksum: string | null;
}

export function parseAttrs(row: { attrs: string }): ObjectAttrs {
  return JSON.parse(row.attrs) as ObjectAttrs;
}

export class S3Store {
  readonly db: Db;
  private seq: number;

  constructor(store: Store) {
    store.migrate('s3', MIGRATIONS);
    this.db = store.db;
    const row = this.db.prepare('SELECT max(seq) AS seq FROM s3_objects').get() as { seq: number | null };
    this.seq = row.seq ?? 0;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Buckets

  bucket(name: string): BucketRow | undefined {
    return this.stmt('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
  }

  bucketsOf(accountId: string): BucketRow[] {
    return this.stmt('SELECT * FROM s3_buckets WHERE account_id = ? ORDER BY name').all(accountId) as BucketRow[];
  }

  allBuckets(): BucketRow[] {
    return this.stmt('SELECT * FROM s3_buckets').all() as BucketRow[];
  }

  insertBucket(row: Pick<BucketRow, 'name' | 'account_id' | 'region' | 'created_at'>): void {
    this.stmt('INSERT INTO s3_buckets (name, account_id, region, created_at) VALUES (?, ?, ?, ?)').run(row.name, row.account_id, row.region, row.created_at);
  }

  deleteBucket(name: string): void {
    this.stmt('DELETE FROM s3_buckets WHERE name = ?').run(name);
  }

  setBucketField(name: string, field: 'versioning' | 'notification' | 'tags', value: string | null): void {
    this.stmt(`UPDATE s3_buckets SET ${field} = ? WHERE name = ?`).run(value, name);
  }

  bucketHasContent(name: string): boolean {
    return this.stmt('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(name) !== undefined;
  }

  /** Bucket configuration documents kept as sent (tagging, policy, cors, ...). */
  bucketDocument(bucket: string, subresource: string): string | undefined {
    return (this.stmt('SELECT body FROM s3_bucket_documents WHERE bucket = ? AND subresource = ?').get(bucket, subresource) as { body: string } | undefined)
      ?.body;
  }

  setBucketDocument(bucket: string, subresource: string, body: string | undefined): void {
    if (body === undefined) this.stmt('DELETE FROM s3_bucket_documents WHERE bucket = ? AND subresource = ?').run(bucket, subresource);
    else this.stmt('INSERT OR REPLACE INTO s3_bucket_documents (bucket, subresource, body) VALUES (?, ?, ?)').run(bucket, subresource, body);
  }

  // Objects

  latest(bucket: string, key: string): ObjectRow | undefined {
    return this.stmt('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1').get(bucket, key) as ObjectRow | undefined;
  }

  version(bucket: string, key: string, versionId: string): ObjectRow | undefined {
    return this.stmt('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?').get(bucket, key, versionId) as ObjectRow | undefined;
  }

  /** Latest live objects (no delete markers) with key > `after` and starting with `prefix`, in key order. */
  listLatest(bucket: string, prefix: string, after: string, limit: number): ObjectRow[] {
    return this.stmt(
      `SELECT * FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 AND key > ?
         AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT ?`,
    ).all(bucket, after, prefix, prefix, limit) as ObjectRow[];
  }

  /** Every version with key > `after` (or key = `after` and seq < `beforeSeq`), newest first per key. */
  listVersions(bucket: string, prefix: string, after: string, beforeSeq: number, limit: number): ObjectRow[] {
    return this.stmt(
      `SELECT * FROM s3_objects WHERE bucket = ? AND (key > ? OR (key = ? AND seq < ?))
         AND substr(key, 1, length(?)) = ? ORDER BY key, seq DESC LIMIT ?`,
    ).all(bucket, after, after, beforeSeq, prefix, prefix, limit) as ObjectRow[];
  }

  insertObject(row: ObjectRow): void {
    this.stmt(
      `INSERT OR REPLACE INTO s3_objects (bucket, key, version_id, seq, is_latest, delete_marker, blob_id, size, etag,
         last_modified, storage_class, attrs) VALUES (@bucket, @key, @version_id, @seq, @is_latest, @delete_marker,
         @blob_id, @size, @etag, @last_modified, @storage_class, @attrs)`,
    ).run(row);
  }

  clearLatest(bucket: string, key: string): void {
    this.stmt('UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1').run(bucket, key);
  }

  deleteVersion(bucket: string, key: string, versionId: string): void {
    this.stmt('DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?').run(bucket, key, versionId);
  }

  /** After the latest version was removed, the newest remaining one becomes latest. */
  promoteNewest(bucket: string, key: string): void {
    this.stmt(
      `UPDATE s3_objects SET is_latest = 1 WHERE bucket = ? AND key = ? AND seq =
         (SELECT max(seq) FROM s3_objects WHERE bucket = ? AND key = ?)`,
    ).run(bucket, key, bucket, key);
  }

  updateAttrs(bucket: string, key: string, versionId: string, attrs: ObjectAttrs, storageClass?: string): void {
    if (storageClass) {
      this.stmt('UPDATE s3_objects SET attrs = ?, storage_class = ? WHERE bucket = ? AND key = ? AND version_id = ?').run(
        JSON.stringify(attrs),
        storageClass,
        bucket,
        key,
        versionId,
      );
    } else {
      this.stmt('UPDATE s3_objects SET attrs = ? WHERE bucket = ? AND key = ? AND version_id = ?').run(JSON.stringify(attrs), bucket, key, versionId);
    }
  }

  /** Every blob a row refers to (objects of all buckets, parts of open uploads). */
  allBlobIds(): Set<string> {
    const rows = this.stmt('SELECT blob_id FROM s3_objects WHERE blob_id IS NOT NULL UNION SELECT blob_id FROM s3_parts').all() as { blob_id: string }[];
    return new Set(rows.map((r) => r.blob_id));
  }

  blobIdsOfBucket(bucket: string): string[] {
    const objects = this.stmt('SELECT blob_id FROM s3_objects WHERE bucket = ? AND blob_id IS NOT NULL').all(bucket) as { blob_id: string }[];
    const parts = this.stmt('SELECT p.blob_id FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = ?').all(bucket) as {
      blob_id: string;
    }[];
    return [...objects, ...parts].map((r) => r.blob_id);
  }

  objectsWithRestore(): ObjectRow[] {
    return this.stmt(`SELECT * FROM s3_objects WHERE attrs LIKE '%"restore":%'`).all() as ObjectRow[];
  }

  // Multipart uploads

  upload(uploadId: string): UploadRow | undefined {
    return this.stmt('SELECT * FROM s3_uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined;
  }

  uploadsOf(bucket: string, prefix: string): UploadRow[] {
    return this.stmt('SELECT * FROM s3_uploads WHERE bucket = ? AND substr(key, 1, length(?)) = ? ORDER BY key, initiated, upload_id').all(
      bucket,
      prefix,
      prefix,
    ) as UploadRow[];
  }

  insertUpload(row: UploadRow): void {
    this.stmt(
      'INSERT INTO s3_uploads (upload_id, bucket, key, initiated, storage_class, attrs) VALUES (@upload_id, @bucket, @key, @initiated, @storage_class, @attrs)',
    ).run(row);
  }

  deleteUpload(uploadId: string): void {
    this.stmt('DELETE FROM s3_uploads WHERE upload_id = ?').run(uploadId);
  }

  parts(uploadId: string): PartRow[] {
    return this.stmt('SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number').all(uploadId) as PartRow[];
  }

  part(uploadId: string, partNumber: number): PartRow | undefined {
    return this.stmt('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?').get(uploadId, partNumber) as PartRow | undefined;
  }

  /** Stores a part; returns the blob of the part it replaced, if any. */
  putPart(row: PartRow): string | undefined {
    const previous = this.part(row.upload_id, row.part_number);
    this.stmt(
      `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksum)
         VALUES (@upload_id, @part_number, @blob_id, @size, @etag, @last_modified, @checksum)`,
    ).run(row);
    return previous?.blob_id;
  }

  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  private stmt(sql: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
