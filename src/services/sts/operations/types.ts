import type { Clock } from '../../../clock.js';
import type { QueryParams } from '../../../protocols/query.js';
import type { RequestContext } from '../../../server/request-context.js';
import type { SessionIdentity } from '../credentials.js';

export interface StsCall {
  ctx: RequestContext;
  clock: Clock;
  /** The identity of the request's session token, when Tributary's STS issued it. */
  session?: SessionIdentity;
}

/** Returns the inner XML of `<ActionResult>`. */
export type StsOperation = (params: QueryParams, call: StsCall) => Promise<string>;
