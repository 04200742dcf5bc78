import type { Clock } from './clock.js';
import { SystemClock } from './clock.js';
import type { TributaryConfig } from './config.js';
import { resolveConfig } from './config.js';
import type { Ports } from './contracts.js';
import { createEngine } from './engine/index.js';
import type { Logger } from './log.js';
import { ConsoleLogger, setProgressLogger } from './log.js';
import { Endpoint } from './server/server.js';
import type { ServiceDeps } from './services/deps.js';
import type { Service } from './services/service.js';
import { SERVICE_MODULES } from './services/registry.js';
import { buildModule } from './services/module.js';
import { Store } from './store/database.js';
import { Observations } from './observations/bus.js';
import { EventStream } from './observations/sse.js';
import { startTriggerLog } from './observations/trigger-log.js';
import { Gateway } from './gateway/function-gateway.js';
import { Authenticator } from './auth/authenticator.js';
import { CredentialStore } from './auth/credentials.js';
import { ObservationHistory } from './observations/history.js';
import { InternalRouter } from './internal/router.js';
import { INTERNAL_MODULES } from './internal/registry.js';
import { prepareDataDir } from './store/data-dir.js';
import { DataDirLock } from './store/data-dir-lock.js';
import { startRequestLog } from './observations/request-log.js';
import { listenError } from './server/listen-error.js';

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
    /** The most recent observations (the dashboard and the harness read them). */
    readonly history: ObservationHistory,
    private readonly lock: DataDirLock,
  ) {}

  static async start(options: StartOptions = {}): Promise<Tributary> {
    const config = resolveConfig(options.config);
    const logger = options.logger ?? new ConsoleLogger(config.functionLogs);
    const clock = options.clock ?? new SystemClock();
    setProgressLogger(logger);
    prepareDataDir(config.dataDir);
    const lock = DataDirLock.acquire(config.dataDir, (stale) =>
      logger.info(`data dir ${config.dataDir} was locked by tributary pid ${stale.pid}, which is no longer running; taking it over`),
    );
    let store: Store | undefined;
    try {
      store = new Store(config.dataDir);
      return await Tributary.assemble(config, clock, logger, store, lock);
    } catch (err) {
      store?.close();
      lock.release();
      throw err;
    }
  }

  private static async assemble(config: TributaryConfig, clock: Clock, logger: Logger, store: Store, lock: DataDirLock): Promise<Tributary> {
    const ports: Ports = {};
    let url = '';
    const engine = createEngine({ config, clock, logger, endpointUrl: () => url, logSink: (batch) => ports.logs?.appendFunctionLog(batch) });
    const observations = new Observations(clock);
    const history = new ObservationHistory(observations, config.observationHistory);
    if (config.triggerLogs) startTriggerLog(observations, logger);
    if (config.logRequests) startRequestLog(observations, logger);
    const gateway = new Gateway({ engine, clock, logger, observations, store });
    const deps: ServiceDeps = { config, store, clock, logger, engine, ports, observations, gateway, endpointUrl: () => url };

    const services: Service[] = [];
    let fallback: Service | undefined;
    const offered = ports as Record<string, unknown>;
    for (const module of SERVICE_MODULES) {
      const { service, port } = buildModule(module, deps);
      if (port !== undefined) offered[module.name] = port;
      if (module.fallback) fallback = service;
      services.push(service);
    }

    const endpoint = new Endpoint({
      host: config.host,
      port: config.port,
      defaultAccountId: config.defaultAccountId,
      defaultRegion: config.defaultRegion,
      services,
      fallback,
      logger,
      authenticator: config.enforceAuth
        ? new Authenticator(CredentialStore.load({ file: config.credentialsFile, inline: process.env.TRIBUTARY_CREDENTIALS }))
        : undefined,
      allowHosts: config.allowHosts,
      allowOrigins: config.allowOrigins,
      limits: { headersTimeoutMs: config.headersTimeoutMs, bodyIdleMs: config.bodyIdleMs, maxConnectionsPerClient: config.maxConnectionsPerClient },
      observations,
      events: new EventStream(observations, clock),
      internal: new InternalRouter(INTERNAL_MODULES, { ...deps, services, history }),
      health: () => ({
        status: 'running',
        services: Object.fromEntries(services.map((s) => [s.name, s.health?.() ?? { status: 'running' }])),
      }),
    });
    const address = await endpoint.listen().catch((err: unknown) => {
      throw listenError(err, config.host, config.port);
    });
    lock.setPort(address.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `http://${host}:${address.port}`;
    for (const service of services) await service.start?.();
    return new Tributary(config, url, endpoint, services, deps, history, lock);
  }

  /** What happens inside this Tributary, as it happens. */
  get observations(): Observations {
    return this.deps.observations;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /**
   * Stops accepting requests and lets those in flight (synchronous invokes, uploads) finish for up
   * to `graceMs` (the configured shutdown grace by default), answering the rest with 503; then stops
   * background work and instances, and closes the store.
   */
  async stop(graceMs = this.config.shutdownGraceMs): Promise<void> {
    await this.endpoint.close(graceMs);
    for (const service of [...this.services].reverse()) await service.stop?.();
    await this.deps.engine.stop();
    this.history.close();
    this.deps.store.close();
    this.lock.release();
  }
}
