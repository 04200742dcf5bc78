/**
 * S3's events for EventBridge (a bucket with `EventBridgeConfiguration`): every object event goes
 * to the default bus of the bucket's account and region as S3 writes it there, `source: aws.s3`,
 * the bucket ARN as the resource, and a detail of its own shape (not the notification record's).
 */
import type { EventsPutEntry } from '../../../contracts.js';
import type { EventOrigin, ObjectEvent } from './record.js';

/** Detail types by the notification event's family (`ObjectCreated:*` → `Object Created`). */
const DETAIL_TYPES: Record<string, string> = {
  ObjectCreated: 'Object Created',
  ObjectRemoved: 'Object Deleted',
  'ObjectRestore:Post': 'Object Restore Initiated',
  'ObjectRestore:Completed': 'Object Restore Completed',
  'ObjectRestore:Delete': 'Object Restore Expired',
  'ObjectTagging:Put': 'Object Tags Added',
  'ObjectTagging:Delete': 'Object Tags Deleted',
  ObjectAcl: 'Object ACL Updated',
};

/** The API behind each event, as `reason` names it. */
const REASONS: Record<string, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
  'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject',
  'LifecycleExpiration:Delete': 'Lifecycle Expiration',
  'LifecycleExpiration:DeleteMarkerCreated': 'Lifecycle Expiration',
};

export function eventBridgeEntry(input: {
  event: ObjectEvent;
  origin: EventOrigin;
  bucket: { name: string; accountId: string };
  sequencer: string;
}): EventsPutEntry | undefined {
  const { event, origin, bucket } = input;
  const family = event.name.split(':')[0]!;
  const detailType = DETAIL_TYPES[event.name] ?? DETAIL_TYPES[family] ?? (family === 'LifecycleExpiration' ? 'Object Deleted' : undefined);
  if (!detailType) return undefined;
  const object: Record<string, unknown> = { key: event.key };
  if (event.size !== undefined && detailType !== 'Object Deleted') object.size = event.size;
  if (event.eTag !== undefined && detailType !== 'Object Deleted') object.etag = event.eTag;
  if (event.versionId !== undefined && event.versionId !== 'null') object['version-id'] = event.versionId;
  if (event.sequenced !== false) object.sequencer = input.sequencer;
  const detail: Record<string, unknown> = {
    version: '0',
    bucket: { name: bucket.name },
    object,
    'request-id': origin.requestId,
    requester: bucket.accountId,
    'source-ip-address': origin.sourceIp,
  };
  const reason = REASONS[event.name];
  if (reason) detail.reason = reason;
  if (detailType === 'Object Deleted') detail['deletion-type'] = event.name.endsWith('DeleteMarkerCreated') ? 'Delete Marker Created' : 'Permanently Deleted';
  return { source: 'aws.s3', detailType, detail: JSON.stringify(detail), resources: [`arn:aws:s3:::${bucket.name}`], traceHeader: origin.traceHeader };
}
