/**
 * Runs a replay: the archive's events whose `time` falls in [start, end) go back onto the bus, to
 * the rules named in `FilterArns` (or all of them), each with `replay-name` added; then COMPLETED.
 * A replay interrupted by a crash runs again from the start on the next start (at least once).
 */
import type { EventEnvelope } from './envelope.js';
import type { ReplaySpec } from './operations/replays.js';
import { parseBusArn } from './envelope.js';
import type { EventRouter } from './router.js';
import type { EventsStore, Scope } from './store.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';

export class Replayer {
  constructor(
    private readonly store: EventsStore,
    private readonly router: EventRouter,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  run(scope: Scope, name: string): void {
    setImmediate(() => {
      try {
        this.replay(scope, name);
      } catch (err) {
        this.logger.error(`EventBridge replay ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
        this.store.setReplayState(scope, name, 'FAILED', err instanceof Error ? err.message : String(err), this.clock.now(), null);
      }
    });
  }

  /** Replays left STARTING or RUNNING by a crash. */
  resume(): void {
    const rows = this.store.db.prepare("SELECT account_id, region, name FROM events_replays WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING')").all() as {
      account_id: string;
      region: string;
      name: string;
    }[];
    for (const r of rows) this.run({ accountId: r.account_id, region: r.region }, r.name);
  }

  private replay(scope: Scope, name: string): void {
    const row = this.store.replay(scope, name);
    if (!row) return;
    if (row.state === 'CANCELLING') {
      this.store.setReplayState(scope, name, 'CANCELLED', null, this.clock.now(), null);
      return;
    }
    const spec = JSON.parse(row.spec) as ReplaySpec;
    const archiveName = spec.eventSourceArn.slice(spec.eventSourceArn.indexOf(':archive/') + ':archive/'.length);
    const bus = parseBusArn(spec.destination.Arn);
    if (!bus) return;
    this.store.setReplayState(scope, name, 'RUNNING', null, null, null);
    const only = spec.destination.FilterArns?.length ? new Set(spec.destination.FilterArns) : undefined;
    let last: number | null = null;
    this.store.transaction(() => {
      for (const archived of this.store.archivedEvents(scope, archiveName, spec.eventStartMs, spec.eventEndMs)) {
        const event = { ...(JSON.parse(archived.event) as EventEnvelope), 'replay-name': name };
        this.router.route(scope, bus.name, event, { onlyRules: only, replay: true });
        last = archived.event_time;
      }
      this.store.setReplayState(scope, name, 'COMPLETED', null, this.clock.now(), last);
    });
  }
}
