import type { RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import type { Elbv2Store, Scope } from './store.js';
import type { Tree } from './wire.js';

export interface Elbv2Context {
  deps: ServiceDeps;
  store: Elbv2Store;
}

/** One ELBv2 action: the request's parameters as a tree in, the inner XML of `<ActionResult>` out. */
export type Elbv2Operation = (input: Record<string, Tree>, ctx: RequestContext, elb: Elbv2Context) => unknown;

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });
