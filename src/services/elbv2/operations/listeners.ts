import { listenerArn, ruleArn } from '../arns.js';
import { parseActions } from '../actions.js';
import type { Elbv2Operation } from '../context.js';
import { duplicateListener, listenerNotFound, validationError } from '../errors.js';
import type { Listener } from '../model.js';
import { page } from '../paging.js';
import { renderListener } from '../render.js';
import type { Elbv2Store } from '../store.js';
import { asList, asString } from '../wire.js';
import { ownLoadBalancer } from './load-balancers.js';
import { parseTags } from './tags.js';

const portOf = (text: string | undefined): number => Number(text);

/** Tributary serves plain HTTP only; HTTPS listeners need certificates it does not have. */
function protocolOf(text: string | undefined): string {
  const protocol = text ?? 'HTTP';
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') throw validationError(`Protocol '${protocol}' is not supported with an Application Load Balancer`);
  if (protocol === 'HTTPS') throw validationError('A certificate must be specified for HTTPS listeners');
  return protocol;
}

export const createListener: Elbv2Operation = (input, ctx, { store }) => {
  const lb = ownLoadBalancer(asString(input.LoadBalancerArn), ctx, store);
  const port = portOf(asString(input.Port));
  const protocol = protocolOf(asString(input.Protocol));
  const defaultActions = parseActions(input.DefaultActions, store);
  const tags = parseTags(input.Tags);
  if (store.listenersOf(lb.arn).some((l) => l.port === port)) throw duplicateListener(lb.arn);
  const arn = listenerArn(lb.arn);
  const listener: Listener = {
    kind: 'listener',
    arn,
    accountId: lb.accountId,
    region: lb.region,
    loadBalancerArn: lb.arn,
    port,
    protocol,
    defaultActions,
    defaultRuleArn: ruleArn(arn),
    tags,
  };
  store.put(listener);
  return { Listeners: [renderListener(listener)] };
};

/** The caller's listener by ARN, or AWS's ListenerNotFound. */
export function ownListener(arn: string | undefined, ctx: Parameters<Elbv2Operation>[1], store: Elbv2Store): Listener {
  const l = store.get('listener', arn ?? '');
  if (!l || l.accountId !== ctx.accountId || l.region !== ctx.region) throw listenerNotFound(arn);
  return l;
}

export const describeListeners: Elbv2Operation = (input, ctx, { store }) => {
  const lbArn = asString(input.LoadBalancerArn);
  const arns = asList(input.ListenerArns)?.filter((s): s is string => typeof s === 'string');
  if (lbArn === undefined && !arns?.length) throw validationError('You must specify either listener ARNs or a load balancer ARN');
  let found: Listener[];
  if (arns?.length) found = arns.map((a) => ownListener(a, ctx, store));
  else found = store.listenersOf(ownLoadBalancer(lbArn, ctx, store).arn);
  const { items, nextMarker } = page(found, input);
  return { Listeners: items.map(renderListener), NextMarker: nextMarker };
};

export const modifyListener: Elbv2Operation = (input, ctx, { store }) => {
  const listener = ownListener(asString(input.ListenerArn), ctx, store);
  const next = { ...listener };
  if (input.Port !== undefined) {
    next.port = portOf(asString(input.Port));
    if (store.listenersOf(listener.loadBalancerArn).some((l) => l.port === next.port && l.arn !== listener.arn))
      throw duplicateListener(listener.loadBalancerArn);
  }
  if (input.Protocol !== undefined) next.protocol = protocolOf(asString(input.Protocol));
  if (input.DefaultActions !== undefined) next.defaultActions = parseActions(input.DefaultActions, store);
  store.put(next);
  return { Listeners: [renderListener(next)] };
};

export const deleteListener: Elbv2Operation = (input, ctx, { store }) => {
  const listener = ownListener(asString(input.ListenerArn), ctx, store);
  store.delete(...store.rulesOf(listener.arn).map((r) => r.arn), listener.arn);
  return {};
};
