import { ownerPrincipalId } from '../ids.js';

/** What happened to an object, in the terms of an event record. */
export interface ObjectEvent {
  /** `ObjectCreated:Put`, `ObjectRemoved:DeleteMarkerCreated`, ... (no `s3:` prefix). */
  name: string;
  key: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  /** False for families whose records carry no sequencer (tagging, ACL). */
  sequenced?: boolean;
  /** Extra top-level members (`glacierEventData`). */
  extra?: Record<string, unknown>;
  /** Overrides the requester (restore completion is done by S3 itself). */
  principalId?: string;
}

/** Who caused it: the S3 request, as echoed in the record and passed on to the destination. */
export interface EventOrigin {
  requestId: string;
  hostId: string;
  sourceIp: string;
  principalId: string;
  traceHeader?: string;
}

/**
 * Object keys in records are form-encoded (space becomes `+`), except that `/` stays literal.
 * Letters, digits and `-_.*` stay; every other byte is `%XX` of the UTF-8 encoding.
 */
export function encodeEventKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.*/]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function eventVersionOf(name: string): string {
  if (name.startsWith('ObjectTagging:') || name.startsWith('ObjectAcl:') || name.startsWith('Lifecycle') || name === 'IntelligentTiering') return '2.3';
  if (name.startsWith('Replication:')) return '2.2';
  return '2.1';
}

export function buildRecord(input: {
  event: ObjectEvent;
  origin: EventOrigin;
  bucket: { name: string; region: string; accountId: string };
  configurationId: string;
  eventTime: string;
  sequencer: string;
}): Record<string, unknown> {
  const { event, origin, bucket } = input;
  const object: Record<string, unknown> = { key: encodeEventKey(event.key) };
  if (event.size !== undefined) object.size = event.size;
  if (event.eTag !== undefined) object.eTag = event.eTag;
  if (event.versionId !== undefined && event.versionId !== 'null') object.versionId = event.versionId;
  if (event.sequenced !== false) object.sequencer = input.sequencer;
  return {
    eventVersion: eventVersionOf(event.name),
    eventSource: 'aws:s3',
    awsRegion: bucket.region,
    eventTime: input.eventTime,
    eventName: event.name,
    userIdentity: { principalId: event.principalId ?? origin.principalId },
    requestParameters: { sourceIPAddress: origin.sourceIp },
    responseElements: { 'x-amz-request-id': origin.requestId, 'x-amz-id-2': origin.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: ownerPrincipalId(bucket.accountId) },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object,
    },
    ...event.extra,
  };
}
