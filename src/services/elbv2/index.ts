import { QueryCodec, type QueryOperation } from '../../protocols/query.js';
import type { ServiceDeps } from '../deps.js';
import { defineService } from '../module.js';
import type { Service } from '../service.js';
import type { Elbv2Context } from './context.js';
import { RoutingTable } from './data-plane/routing.js';
import { ELB_HOST, ELB_PATH, serveLoadBalancer } from './data-plane/serve.js';
import { ELBV2_OPERATIONS } from './operations/index.js';
import { Elbv2Store } from './store.js';
import { checkInput } from './validation.js';
import { toXml, unflatten } from './wire.js';

const XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * Elastic Load Balancing v2 (`Version=2015-12-01`, query protocol, signing name
 * `elasticloadbalancing`): load balancers, target groups, listeners and rules, and the data plane
 * of Application Load Balancers with Lambda targets, reached by their DNS names
 * (`*.elb.localhost`) or by `/_aws/elb/{name}/...`.
 */
export function createElbv2Service(deps: ServiceDeps): Service {
  const store = new Elbv2Store(deps.store);
  const elb: Elbv2Context = { deps, store };
  const routes = new RoutingTable(store);
  const operations: Record<string, QueryOperation> = {};
  for (const [name, operation] of Object.entries(ELBV2_OPERATIONS)) {
    operations[name] = async (params, ctx) => {
      const input = unflatten(params);
      // The model's constraints first, worded by the engine; the operation checks what they cannot say.
      checkInput(name, input);
      const out = operation(input, ctx, elb);
      return toXml(out);
    };
  }
  const codec = new QueryCodec(operations, { xmlns: XMLNS, maxBodyBytes: MAX_REQUEST_BYTES });
  return {
    name: 'elasticloadbalancing',
    signingNames: ['elasticloadbalancing'],
    queryVersions: ['2015-12-01'],
    hosts: [ELB_HOST],
    claims: (_req, url) => ELB_PATH.test(url.pathname),
    handle(exchange, ctx) {
      const host = (exchange.req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
      if (ELB_HOST.test(host) || ELB_PATH.test(exchange.url.pathname)) return serveLoadBalancer(elb, routes, exchange, ctx);
      return codec.handle(exchange, ctx);
    },
  };
}

export const elbv2Module = defineService({ name: 'elbv2', create: createElbv2Service });
