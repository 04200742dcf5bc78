import type { XmlElement } from '../../../protocols/rest-xml.js';
import { S3Errors } from '../errors.js';
import { newConfigurationId } from '../ids.js';

/** One notification configuration of a bucket, as stored. */
export interface NotificationTarget {
  kind: 'lambda' | 'queue' | 'topic';
  id: string;
  arn: string;
  events: string[];
  rules: { Name: 'Prefix' | 'Suffix'; Value: string }[];
}

export interface NotificationConfig {
  targets: NotificationTarget[];
  eventBridge: boolean;
}

/** The event types of the S3 model's `Event` enum. */
export const EVENT_TYPES = new Set([
  's3:ReducedRedundancyLostObject',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
]);

const KINDS = [
  { kind: 'topic', element: 'TopicConfiguration', arnElement: 'Topic', service: 'sns' },
  { kind: 'queue', element: 'QueueConfiguration', arnElement: 'Queue', service: 'sqs' },
  { kind: 'lambda', element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction', service: 'lambda' },
] as const;

export const NOTIFICATION_ARRAYS = ['TopicConfiguration', 'QueueConfiguration', 'CloudFunctionConfiguration', 'Event', 'FilterRule'];

const ARN = /^arn:aws[a-z-]*:(lambda|sqs|sns):[a-z0-9-]+:\d{12}:.+$/;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && Object.keys(value).length === 0) return '';
  return undefined;
}

/** Reads and validates the document of PutBucketNotificationConfiguration (all but destinations). */
export function parseNotificationConfig(doc: Record<string, unknown>): NotificationConfig {
  const root = doc.NotificationConfiguration;
  if (root === undefined) throw S3Errors.malformedXml();
  const body = (root && typeof root === 'object' ? root : {}) as Record<string, unknown>;
  const targets: NotificationTarget[] = [];
  for (const { kind, element, arnElement, service } of KINDS) {
    for (const raw of (body[element] as Record<string, unknown>[] | undefined) ?? []) {
      const entry = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const arn = text(entry[arnElement]);
      const events = ((entry.Event as unknown[] | undefined) ?? []).map(text);
      if (arn === undefined || events.length === 0 || events.some((e) => e === undefined)) throw S3Errors.malformedXml();
      for (const event of events) {
        if (!EVENT_TYPES.has(event!)) throw S3Errors.invalidArgument('The event is not supported for notifications', 'Event', event);
      }
      const match = ARN.exec(arn);
      if (!match || match[1] !== service) throw S3Errors.invalidArgument('The ARN could not be parsed', arnElement, arn);
      targets.push({ kind, id: text(entry.Id) || newConfigurationId(), arn, events: [...new Set(events as string[])], rules: parseRules(entry.Filter) });
    }
  }
  checkOverlaps(targets);
  return { targets, eventBridge: body.EventBridgeConfiguration !== undefined };
}

function parseRules(filter: unknown): NotificationTarget['rules'] {
  if (filter === undefined || filter === '') return [];
  const s3Key = (filter as Record<string, unknown>).S3Key;
  if (s3Key === undefined || s3Key === '') return [];
  const raw = ((s3Key as Record<string, unknown>).FilterRule as Record<string, unknown>[] | undefined) ?? [];
  const rules: NotificationTarget['rules'] = [];
  for (const rule of raw) {
    const name = text(rule?.Name) ?? '';
    const value = typeof rule?.Value === 'string' ? rule.Value : (text(rule?.Value) ?? '');
    const lower = name.toLowerCase();
    if (lower !== 'prefix' && lower !== 'suffix') {
      throw S3Errors.invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', name);
    }
    const Name = lower === 'prefix' ? 'Prefix' : 'Suffix';
    if (rules.some((r) => r.Name === Name)) {
      throw S3Errors.invalidArgument(`Cannot specify more than one ${lower} rule in a filter.`, 'FilterRule.Name', name);
    }
    rules.push({ Name, Value: value });
  }
  return rules;
}

function ruleValue(target: NotificationTarget, name: 'Prefix' | 'Suffix'): string {
  return target.rules.find((r) => r.Name === name)?.Value ?? '';
}

/** `s3:ObjectCreated:*` covers every `s3:ObjectCreated:<x>`. */
function eventsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (e: string) => (e.endsWith(':*') ? e.slice(0, -1) : undefined);
  const fa = family(a);
  const fb = family(b);
  return (fa !== undefined && b.startsWith(fa)) || (fb !== undefined && a.startsWith(fb));
}

function checkOverlaps(targets: readonly NotificationTarget[]): void {
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!;
      const b = targets[j]!;
      const shared = a.events.flatMap((ea) => b.events.filter((eb) => eventsOverlap(ea, eb)).map((eb) => `${ea}, ${eb}`));
      if (shared.length === 0) continue;
      if (a.rules.length === 0 && b.rules.length === 0) {
        throw S3Errors.invalidArgument('Configurations overlap. Configurations on the same bucket cannot share a common event type.', 'Event', shared[0]);
      }
      const pa = ruleValue(a, 'Prefix');
      const pb = ruleValue(b, 'Prefix');
      const sa = ruleValue(a, 'Suffix');
      const sb = ruleValue(b, 'Suffix');
      const prefixes = pa.startsWith(pb) || pb.startsWith(pa);
      const suffixes = sa.endsWith(sb) || sb.endsWith(sa);
      if (prefixes && suffixes) {
        throw S3Errors.invalidArgument(
          'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
          'Event',
          shared[0],
        );
      }
    }
  }
}

/** Does the configured event type (maybe a wildcard) cover this record's `eventName`? */
export function eventMatches(configured: string, eventName: string): boolean {
  const full = `s3:${eventName}`;
  return configured === full || (configured.endsWith(':*') && full.startsWith(configured.slice(0, -1)));
}

export function keyMatches(target: NotificationTarget, key: string): boolean {
  return key.startsWith(ruleValue(target, 'Prefix')) && key.endsWith(ruleValue(target, 'Suffix'));
}

/** GetBucketNotificationConfiguration's document. */
export function renderNotificationConfig(config: NotificationConfig | undefined): XmlElement {
  const element: XmlElement = {};
  for (const { kind, element: name, arnElement } of KINDS) {
    const entries = (config?.targets ?? []).filter((t) => t.kind === kind);
    if (entries.length === 0) continue;
    element[name] = entries.map((t) => ({
      Id: t.id,
      [arnElement]: t.arn,
      Event: t.events,
      Filter: t.rules.length ? { S3Key: { FilterRule: t.rules.map((r) => ({ Name: r.Name, Value: r.Value })) } } : undefined,
    }));
  }
  if (config?.eventBridge) element.EventBridgeConfiguration = null;
  return element;
}
