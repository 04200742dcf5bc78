import type { ServiceDeps } from '../../deps.js';
import type { BucketRow } from '../store.js';
import { eventMatches, keyMatches, type NotificationConfig, type NotificationTarget } from './config.js';
import { buildRecord, type EventOrigin, type ObjectEvent } from './record.js';

/**
 * Pushes event records to the destinations of a bucket's notification configuration the moment an
 * operation commits: functions through the Lambda port's async queue, queues and topics through
 * theirs. Delivery failures are logged; the S3 operation has already succeeded.
 */
export class Notifier {
  private readonly parsed = new Map<string, { raw: string; config: NotificationConfig }>();
  private counter = 0;

  constructor(private readonly deps: ServiceDeps) {}

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
    if (!config || config.targets.length === 0) return;
    const matching = config.targets.filter((t) => t.events.some((e) => eventMatches(e, event.name)) && keyMatches(t, event.key));
    if (matching.length === 0) return;
    const eventTime = new Date(this.deps.clock.now()).toISOString();
    const sequencer = this.sequencer();
    for (const target of matching) {
      const record = buildRecord({
        event,
        origin,
        bucket: { name: bucket.name, region: bucket.region, accountId: bucket.account_id },
        configurationId: target.id,
        eventTime,
        sequencer,
      });
      this.deliver(target, JSON.stringify({ Records: [record] }), origin.traceHeader);
    }
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

  private deliver(target: NotificationTarget, message: string, traceHeader: string | undefined): void {
    const { ports, logger } = this.deps;
    const fail = (err: unknown) => logger.warn(`s3 notification to ${target.arn} failed: ${err instanceof Error ? err.message : String(err)}`);
    try {
      let sent: Promise<unknown> | undefined;
      if (target.kind === 'lambda') {
        sent = ports.lambda?.invokeAsync({ functionArn: target.arn, payload: Buffer.from(message), traceHeader, source: 'aws:s3' });
      } else if (target.kind === 'queue') {
        sent = ports.sqs?.sendMessage(target.arn, { body: message, traceHeader });
      } else {
        sent = ports.sns?.publish(target.arn, message, { subject: 'Amazon S3 Notification', traceHeader });
      }
      if (!sent) fail(new Error(`no ${target.kind} service is running`));
      else sent.catch(fail);
    } catch (err) {
      fail(err);
    }
  }
}
