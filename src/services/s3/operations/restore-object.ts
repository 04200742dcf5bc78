import { S3Errors } from '../errors.js';
import { readableVersion, originOf, requireBucket } from '../objects.js';
import { readXml, xmlText } from '../request-body.js';
import { RESTORE_DELAY_MS } from '../restore.js';
import { parseAttrs } from '../store.js';
import type { S3Operation } from '../types.js';
import { ARCHIVE_CLASSES } from '../validation.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const restoreObject: S3Operation = {
  name: 'RestoreObject',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const key = req.key!;
    const doc = await readXml(req);
    const request = (doc.RestoreRequest ?? {}) as Record<string, unknown>;
    const days = Number(xmlText(request.Days) ?? 1);
    if (!Number.isInteger(days) || days < 1) throw S3Errors.malformedXml();
    const jobParameters = (request.GlacierJobParameters ?? {}) as Record<string, unknown>;
    const tier = xmlText(jobParameters.Tier) ?? xmlText(request.Tier) ?? 'Standard';
    if (!(tier in RESTORE_DELAY_MS)) throw S3Errors.malformedXml();
    const row = readableVersion(s3, bucket, key, req.query.get('versionId'));
    if (!ARCHIVE_CLASSES.has(row.storage_class)) {
      throw S3Errors.invalidObjectState(row.storage_class, "Restore is not allowed for the object's current storage class");
    }
    const attrs = parseAttrs(row);
    if (attrs.restore?.ongoing) throw S3Errors.restoreInProgress();
    if (attrs.restore) {
      // Already restored: a new request only moves the expiry.
      const expiresAt = Math.ceil((s3.deps.clock.now() + days * DAY_MS) / DAY_MS) * DAY_MS;
      attrs.restore = { ...attrs.restore, days, expiresAt };
      s3.store.updateAttrs(bucket.name, key, row.version_id, attrs);
      s3.restores.schedule({ ...row, attrs: JSON.stringify(attrs) });
      return { status: 200 };
    }
    // Deep Archive is slower than Glacier in every tier.
    const delay = RESTORE_DELAY_MS[tier]! * (row.storage_class === 'DEEP_ARCHIVE' ? 2 : 1);
    attrs.restore = { ongoing: true, days, tier, completesAt: s3.deps.clock.now() + delay };
    s3.store.updateAttrs(bucket.name, key, row.version_id, attrs);
    s3.restores.schedule({ ...row, attrs: JSON.stringify(attrs) });
    s3.notifier.emit(bucket, { name: 'ObjectRestore:Post', key, size: row.size, eTag: row.etag, versionId: row.version_id }, originOf(req));
    return { status: 202 };
  },
};
