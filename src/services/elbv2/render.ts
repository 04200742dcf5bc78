import type { Action, Listener, LoadBalancer, Rule, TargetGroup } from './model.js';
import { canonicalHostedZoneId } from './arns.js';
import { forwardedGroups } from './actions.js';
import type { Elbv2Store } from './store.js';

/** The output shapes of ELBv2, member by member in AWS's order. */
export function renderLoadBalancer(lb: LoadBalancer, state = 'active'): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: canonicalHostedZoneId(lb.region),
    CreatedTime: new Date(lb.createdTime).toISOString(),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: state },
    Type: lb.type,
    AvailabilityZones: lb.zones.map((z) => ({ ZoneName: z.ZoneName, SubnetId: z.SubnetId, LoadBalancerAddresses: [] })),
    SecurityGroups: lb.type === 'application' ? lb.securityGroups : undefined,
    IpAddressType: lb.ipAddressType,
  };
}

export function renderTargetGroup(tg: TargetGroup, store: Elbv2Store): Record<string, unknown> {
  const h = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: h.HealthCheckProtocol,
    HealthCheckPort: h.HealthCheckPort,
    HealthCheckEnabled: h.HealthCheckEnabled,
    HealthCheckIntervalSeconds: h.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: h.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: h.HealthyThresholdCount,
    UnhealthyThresholdCount: h.UnhealthyThresholdCount,
    HealthCheckPath: h.HealthCheckPath,
    Matcher: h.Matcher,
    LoadBalancerArns: loadBalancersUsing(tg.arn, store),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: tg.ipAddressType,
  };
}

/** The load balancers whose listeners or rules forward to a target group. */
export function loadBalancersUsing(tgArn: string, store: Elbv2Store): string[] {
  const out = new Set<string>();
  for (const lb of store.allLoadBalancers()) {
    for (const listener of store.listenersOf(lb.arn)) {
      const uses =
        forwardedGroups(listener.defaultActions).includes(tgArn) || store.rulesOf(listener.arn).some((r) => forwardedGroups(r.actions).includes(tgArn));
      if (uses) out.add(lb.arn);
    }
  }
  return [...out];
}

export const renderActions = (actions: readonly Action[]) =>
  actions.map((a) => ({
    Type: a.Type,
    TargetGroupArn: a.TargetGroupArn,
    Order: a.Order,
    RedirectConfig: a.RedirectConfig,
    FixedResponseConfig: a.FixedResponseConfig,
    ForwardConfig: a.ForwardConfig,
  }));

export function renderListener(l: Listener): Record<string, unknown> {
  return { ListenerArn: l.arn, LoadBalancerArn: l.loadBalancerArn, Port: l.port, Protocol: l.protocol, DefaultActions: renderActions(l.defaultActions) };
}

export function renderRule(r: Rule): Record<string, unknown> {
  return { RuleArn: r.arn, Priority: String(r.priority), Conditions: r.conditions, Actions: renderActions(r.actions), IsDefault: false };
}

export function renderDefaultRule(l: Listener): Record<string, unknown> {
  return { RuleArn: l.defaultRuleArn, Priority: 'default', Conditions: [], Actions: renderActions(l.defaultActions), IsDefault: true };
}

export const renderAttributes = (attributes: Record<string, string>) => Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
