import type { Logger } from '../log.js';
import type { Observations } from './bus.js';

/** Prints one line per AWS API request (`--log-requests`); returns the unsubscribe. */
export function startRequestLog(observations: Observations, logger: Logger): () => void {
  return observations.subscribe(
    (o) => {
      if (o.type !== 'api.call') return;
      const error = o.errorCode ? ` ${o.errorCode}` : '';
      logger.info(`${o.service} ${o.operation} ${o.status}${error} ${Math.round(o.durationMs)} ms (${o.ids.requestId})`);
    },
    ['api.call'],
  );
}
