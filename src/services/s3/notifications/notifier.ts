import type { CorrelationIds } from '../../../observations/types.js';
import type { ServiceDeps } from '../../deps.js';
import { Targets } from '../../../targets/index.js';
import type { BucketRow } from '../store.js';
import { eventMatches, keyMatches, type NotificationConfig, type NotificationTarget } from './config.js';
import { eventBridgeEntry } from './eventbridge.js';
import { buildRecord, type EventOrigin, type ObjectEvent } from './record.js';

/**
 * Pushes event records to the destinations of a bucket's notification configuration the moment an
 * operation commits, through the targets seam (functions by their async queue). Delivery failures
 * are logged; the S3 operation has already succeeded.
 */
export class Notifier {
  private readonly parsed = new Map<string, { raw: string; config: NotificationConfig }>();
  private counter = 0;
  private readonly targets: Targets;

  constructor(private readonly deps: ServiceDeps) {
    this.targets = new Targets(deps);
  }

  configOf(bucket: BucketRow): NotificationConfig | undefined {
    if (!bucket.notification) return undefined;
    const cached = this.parsed.get(bucket.name);
    if (cached?.raw === bucket.notification) return cached.config;
    const config = JSON.parse(bucket.notification) as NotificationConfig;
    this.parsed.set(bucket.name, { raw: bucket.notification, config });
    return config;
  }

  /** A hex sequencer that grows with time for events of the same key. */
  private sequencer(): string {
    this.counter = (this.counter + 1) & 0xffffff;
    return `${this.deps.clock.now().toString(16).padStart(12, '0')}${this.counter.toString(16).padStart(6, '0')}`.toUpperCase();
  }

  emit(bucket: BucketRow, event: ObjectEvent, origin: EventOrigin): void {
    const config = this.configOf(bucket);
    const matching = config ? config.targets.filter((t) => t.events.some((e) => eventMatches(e, event.name)) && keyMatches(t, event.key)) : [];
    const { observations } = this.deps;
    if (observations.wants('object.event')) {
      observations.emit({
        type: 'object.event',
        ids: { requestId: origin.requestId, sourceArn: bucketArn(bucket.name) },
        bucket: bucket.name,
        key: event.key,
        eventName: event.name,
        destinations: matching.length,
      });
    }
    const toEventBridge = config?.eventBridge === true;
    if (matching.length === 0 && !toEventBridge) return;
    const eventTime = new Date(this.deps.clock.now()).toISOString();
    const sequencer = this.sequencer();
    if (toEventBridge) this.sendToEventBridge(bucket, event, origin, sequencer);
    for (const target of matching) {
      const record = buildRecord({
        event,
        origin,
        bucket: { name: bucket.name, region: bucket.region, accountId: bucket.account_id },
        configurationId: target.id,
        eventTime,
        sequencer,
      });
      this.deliver(target, JSON.stringify({ Records: [record] }), origin.traceHeader, { requestId: origin.requestId, sourceArn: bucketArn(bucket.name) });
    }
  }

  /** The default bus of the bucket's account and region gets every object event (EventBridgeConfiguration). */
  private sendToEventBridge(bucket: BucketRow, event: ObjectEvent, origin: EventOrigin, sequencer: string): void {
    const entry = eventBridgeEntry({ event, origin, bucket: { name: bucket.name, accountId: bucket.account_id }, sequencer });
    const events = this.deps.ports.events;
    if (!entry) return;
    if (!events) {
      this.deps.logger.warn(`s3 event for EventBridge from ${bucket.name} dropped: no EventBridge service is running`);
      return;
    }
    const busArn = `arn:aws:events:${bucket.region}:${bucket.account_id}:event-bus/default`;
    events
      .putEvents(busArn, [entry])
      .then(([result]) => {
        if (result?.errorCode) this.deps.logger.warn(`s3 event for EventBridge from ${bucket.name} failed: ${result.errorCode} ${result.errorMessage ?? ''}`);
      })
      .catch((err: unknown) =>
        this.deps.logger.warn(`s3 event for EventBridge from ${bucket.name} failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  /** The `s3:TestEvent` S3 sends to queues and topics when a configuration is saved. */
  sendTestEvents(bucket: BucketRow, config: NotificationConfig, origin: EventOrigin): void {
    const message = JSON.stringify({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: new Date(this.deps.clock.now()).toISOString(),
      Bucket: bucket.name,
      RequestId: origin.requestId,
      HostId: origin.hostId,
    });
    const seen = new Set<string>();
    for (const target of config.targets) {
      if (target.kind === 'lambda' || seen.has(target.arn)) continue;
      seen.add(target.arn);
      this.deliver(target, message, origin.traceHeader);
    }
  }

  /** One message for any kind of destination: topics take the subject, functions the sender and cause. */
  private deliver(target: NotificationTarget, message: string, traceHeader: string | undefined, causeIds?: CorrelationIds): void {
    this.targets
      .send(target.arn, { body: message, traceHeader, subject: 'Amazon S3 Notification', sender: 'aws:s3', causeIds })
      .catch((err: unknown) => this.deps.logger.warn(`s3 notification to ${target.arn} failed: ${err instanceof Error ? err.message : String(err)}`));
  }
}

function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}
