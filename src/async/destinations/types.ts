import type { CorrelationIds } from '../../observations/types.js';
import type { ServiceDeps } from '../../services/deps.js';

export interface DestinationContext {
  nowMs: number;
  /** Trace header of the event, passed on so loop detection follows the chain. */
  traceHeader?: string;
  /** Function name, for S3 object keys. */
  functionName: string;
  /** Ids of the event (request id, invocation id, function ARN, attempt) for the observation. */
  ids?: CorrelationIds;
}

/** What delivering a record needs from the service deps. */
export type DeliveryDeps = Pick<ServiceDeps, 'ports' | 'logger' | 'observations'>;
