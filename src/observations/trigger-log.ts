import type { Logger } from '../log.js';
import type { Observations } from './bus.js';
import { TRIGGER_LINE_TYPES, TriggerLines } from './trigger-lines.js';

/** Prints a trigger line for each observation that makes one; returns the unsubscribe. */
export function startTriggerLog(observations: Observations, logger: Logger): () => void {
  const lines = new TriggerLines();
  return observations.subscribe((observation) => {
    const line = lines.format(observation);
    if (line !== undefined) logger.info(line);
  }, TRIGGER_LINE_TYPES);
}
