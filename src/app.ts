import type { Clock } from './clock.js';
import { SystemClock } from './clock.js';
import type { TributaryConfig } from './config.js';
import { resolveConfig } from './config.js';
import type { Ports } from './contracts.js';
import { createEngine } from './engine/index.js';
import type { Logger } from './log.js';
import { ConsoleLogger } from './log.js';
import { Endpoint } from './server/server.js';
import type { ServiceDeps } from './services/deps.js';
import type { Service } from './services/service.js';
import { createLambdaService } from './services/lambda/index.js';
import { createAsyncInvocations } from './async/index.js';
import { createEventSourceMappings } from './event-sources/index.js';
import { createSqsService } from './services/sqs/index.js';
import { createS3Service } from './services/s3/index.js';
import { stsModule } from './services/sts/index.js';
import { logsModule } from './services/logs/index.js';
import { Store } from './store/database.js';
import { Observations } from './observations/bus.js';
import { Gateway } from './gateway/function-gateway.js';

export interface StartOptions {
  config?: Partial<TributaryConfig>;
  clock?: Clock;
  logger?: Logger;
}

/** A running Tributary: the endpoint, its services and the engine, on one store. */
export class Tributary {
  private constructor(
    readonly config: TributaryConfig,
    readonly url: string,
    private readonly endpoint: Endpoint,
    private readonly services: readonly Service[],
    private readonly deps: ServiceDeps,
  ) {}

  static async start(options: StartOptions = {}): Promise<Tributary> {
    const config = resolveConfig(options.config);
    const logger = options.logger ?? new ConsoleLogger(config.functionLogs);
    const clock = options.clock ?? new SystemClock();
    const store = new Store(config.dataDir);
    const ports: Ports = {};
    let url = '';
    const engine = createEngine({ config, clock, logger, endpointUrl: () => url, logSink: (batch) => ports.logs?.appendFunctionLog(batch) });
    const observations = new Observations(clock);
    const gateway = new Gateway({ engine, clock, logger, observations, store });
    const deps: ServiceDeps = { config, store, clock, logger, engine, ports, observations, gateway, endpointUrl: () => url };

    const lambda = createLambdaService(deps);
    ports.lambda = lambda;
    lambda.useAsyncInvocations(createAsyncInvocations(deps, lambda.internals));
    lambda.extend(createEventSourceMappings(deps, lambda.internals));
    const services: Service[] = [lambda];
    const sqs = createSqsService(deps);
    ports.sqs = sqs;
    services.push(sqs);
    const s3 = createS3Service(deps);
    ports.s3 = s3;
    services.push(s3);
    services.push(stsModule.create(deps));
    const logs = logsModule.create(deps);
    ports.logs = logs;
    services.push(logs);
    const fallback: Service | undefined = s3;

    const endpoint = new Endpoint({
      host: config.host,
      port: config.port,
      defaultAccountId: config.defaultAccountId,
      defaultRegion: config.defaultRegion,
      services,
      fallback,
      logger,
      health: () => ({
        status: 'running',
        services: Object.fromEntries(services.map((s) => [s.name, s.health?.() ?? { status: 'running' }])),
      }),
    });
    const address = await endpoint.listen();
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `http://${host}:${address.port}`;
    for (const service of services) await service.start?.();
    return new Tributary(config, url, endpoint, services, deps);
  }

  /** What happens inside this Tributary, as it happens. */
  get observations(): Observations {
    return this.deps.observations;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Stops accepting requests, stops background work and instances, then closes the store. */
  async stop(): Promise<void> {
    await this.endpoint.close();
    for (const service of [...this.services].reverse()) await service.stop?.();
    await this.deps.engine.stop();
    this.deps.store.close();
  }
}
