import type { Clock } from '../clock.js';
import type { TributaryConfig } from '../config.js';
import type { Ports } from '../contracts.js';
import type { Engine } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { Gateway } from '../gateway/function-gateway.js';
import type { Observations } from '../observations/bus.js';
import type { Store } from '../store/database.js';

/** What every service is built from. */
export interface ServiceDeps {
  config: TributaryConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  engine: Engine;
  /** Filled in as services register; read lazily (at call time), never at construction. */
  ports: Ports;
  /** The only way anything runs a function. */
  gateway: Gateway;
  /** The observation stream: what happened, tied to its cause by ids. */
  observations: Observations;
  /** `http://host:port` of the endpoint, known once it listens. */
  endpointUrl(): string;
}
