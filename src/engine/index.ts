import type { Clock } from '../clock.js';
import type { TributaryConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Engine } from './types.js';

export interface EngineOptions {
  config: TributaryConfig;
  clock: Clock;
  logger: Logger;
  /** The endpoint functions' own SDK calls should reach (AWS_ENDPOINT_URL). */
  endpointUrl(): string;
}

// Skeleton: the engine issue replaces this with the process pool on the Runtime API.
export function createEngine(_options: EngineOptions): Engine {
  return {
    invoke: async () => {
      throw new Error('engine not built yet');
    },
    retire: async () => {},
    stats: () => ({}),
    stop: async () => {},
  };
}
