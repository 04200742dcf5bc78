import type { Timer } from '../../clock.js';
import type { EventsPort, EventsPutEntry } from '../../contracts.js';
import { JsonRpcCodec, type JsonOperation } from '../../protocols/json-rpc.js';
import { Targets } from '../../targets/index.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import { bind, type EventsEnv } from './context.js';
import { TargetDeliveries } from './delivery.js';
import { parseBusArn } from './envelope.js';
import { EVENTS_OPERATIONS } from './operations/index.js';
import { putEvents } from './put-events.js';
import { Replayer } from './replayer.js';
import { EventRouter } from './router.js';
import { RuleSchedules } from './rule-schedules.js';
import { EVENTS_SHAPES, type EventsOperationName } from './shapes.js';
import { EventsStore } from './store.js';

// PutEvents takes 256 KB of entries; leave room for the JSON around them.
const MAX_REQUEST_BYTES = 1024 * 1024;
const ARCHIVE_PRUNE_EVERY_MS = 3_600_000;

export type EventsService = Service & EventsPort;

/** Amazon EventBridge (JSON 1.1, `AWSEvents.*`): buses, rules, targets, archives and replays. */
export function createEventsService(deps: ServiceDeps): EventsService {
  const store = new EventsStore(deps.store);
  const deliveries = new TargetDeliveries({
    store,
    clock: deps.clock,
    logger: deps.logger,
    observations: deps.observations,
    ports: deps.ports,
    retryDelayScale: deps.config.asyncRetryDelayScale,
  });
  const router = new EventRouter(store, deliveries, deps.clock, deps.observations);
  const schedules = new RuleSchedules(store, router, deps.clock);
  const replayer = new Replayer(store, router, deps.clock, deps.logger);
  const env: EventsEnv = {
    store,
    clock: deps.clock,
    logger: deps.logger,
    observations: deps.observations,
    router,
    deliveries,
    schedules,
    targets: new Targets(deps),
    runReplay: (scope, name) => replayer.run(scope, name),
  };
  const operations: Record<string, JsonOperation> = {};
  for (const [name, operation] of Object.entries(EVENTS_OPERATIONS)) operations[name] = bind(env, EVENTS_SHAPES[name as EventsOperationName], operation);
  const codec = new JsonRpcCodec(operations, { contentType: 'application/x-amz-json-1.1', maxBodyBytes: MAX_REQUEST_BYTES });

  // Archives keep events for their RetentionDays: pruned on start and hourly after.
  let pruneTimer: Timer | undefined;
  const prune = () => {
    store.pruneArchives(deps.clock.now());
    pruneTimer = deps.clock.schedule(ARCHIVE_PRUNE_EVERY_MS, prune);
  };

  return {
    name: 'events',
    signingNames: ['events'],
    targetPrefixes: ['AWSEvents'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    start() {
      const waiting = deliveries.depth;
      if (waiting > 0) deps.logger.info(`EventBridge: ${waiting} target deliveries waiting from before the restart`);
      deliveries.start();
      schedules.start();
      replayer.resume();
      prune();
    },
    stop() {
      pruneTimer?.cancel();
      schedules.stop();
      deliveries.stop();
    },
    health: () => ({ pendingDeliveries: deliveries.depth }),

    eventBusExists(arn: string): boolean {
      const bus = parseBusArn(arn);
      if (!bus) return false;
      return bus.name === 'default' || store.bus(bus, bus.name) !== undefined;
    },

    async putEvents(arn: string, entries: readonly EventsPutEntry[]) {
      const bus = parseBusArn(arn);
      if (!bus) return entries.map(() => ({ errorCode: 'ResourceNotFoundException', errorMessage: `Event bus ${arn} does not exist.` }));
      return putEvents(
        env,
        bus,
        entries.map((e) => ({
          Source: e.source,
          DetailType: e.detailType,
          Detail: e.detail,
          Resources: e.resources,
          TraceHeader: e.traceHeader,
          EventBusName: arn,
        })),
      );
    },
  };
}

export const eventsModule = defineService({ name: 'events', create: createEventsService, offer: (service): EventsPort => service });
