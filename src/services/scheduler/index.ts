import { type RestJsonOperation, RestJsonCodec } from '../../protocols/rest-json.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import type { SchedulerEnv } from './context.js';
import { groupOperations } from './operations/groups.js';
import { scheduleOperations } from './operations/schedules.js';
import { ScheduleRunner } from './runner.js';
import { SchedulerStore } from './store.js';

/** Amazon EventBridge Scheduler (REST-JSON): schedule groups and schedules firing on the injected clock. */
export function createSchedulerService(deps: ServiceDeps): Service {
  const store = new SchedulerStore(deps.store);
  const runner = new ScheduleRunner({
    store,
    clock: deps.clock,
    logger: deps.logger,
    observations: deps.observations,
    ports: deps.ports,
    retryDelayScale: deps.config.asyncRetryDelayScale,
  });
  const env: SchedulerEnv = { store, clock: deps.clock, runner };
  const operations: RestJsonOperation[] = [...scheduleOperations(env), ...groupOperations(env)].map((op) => ({
    ...op,
    run: (req, ctx) => {
      store.ensureDefaultGroup(ctx, deps.clock.now());
      return op.run(req, ctx);
    },
  }));
  const codec = new RestJsonCodec(operations, (err) => ({ Message: err.message, ...err.fields }));
  return {
    name: 'scheduler',
    signingNames: ['scheduler'],
    handle: (exchange, ctx) => codec.handle(exchange, ctx),
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
}

export const schedulerModule = defineService({ name: 'scheduler', create: createSchedulerService });
