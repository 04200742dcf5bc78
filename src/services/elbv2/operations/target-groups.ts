import { targetGroupArn } from '../arns.js';
import { scopeOf, type Elbv2Operation } from '../context.js';
import { duplicateTargetGroupName, resourceInUse, targetGroupNotFound, validationError } from '../errors.js';
import type { HealthCheck, TargetGroup } from '../model.js';
import { checkName } from '../names.js';
import { page } from '../paging.js';
import { loadBalancersUsing, renderAttributes, renderTargetGroup } from '../render.js';
import type { Elbv2Store } from '../store.js';
import { asList, asRecord, asString, type Tree } from '../wire.js';
import { ownLoadBalancer } from './load-balancers.js';
import { parseTags } from './tags.js';

/** Attributes (and defaults) by target type; a Lambda target group has only the one. */
const LAMBDA_ATTRIBUTES = { 'lambda.multi_value_headers.enabled': 'false' };
const INSTANCE_ATTRIBUTES = {
  'deregistration_delay.timeout_seconds': '300',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.algorithm.anomaly_mitigation': 'off',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'slow_start.duration_seconds': '0',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'stickiness.app_cookie.cookie_name': '',
  'stickiness.app_cookie.duration_seconds': '86400',
  'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
};

/** A number member (its range already checked by the input shape). */
function num(input: Record<string, Tree>, key: string): number | undefined {
  const text = asString(input[key]);
  return text === undefined ? undefined : Number(text);
}

const bool = (input: Record<string, Tree>, key: string) => {
  const v = asString(input[key]);
  return v === undefined ? undefined : v === 'true';
};

function healthCheckChanges(input: Record<string, Tree>): Partial<HealthCheck> {
  const out: Partial<HealthCheck> = {};
  const set = <K extends keyof HealthCheck>(k: K, v: HealthCheck[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('HealthCheckProtocol', asString(input.HealthCheckProtocol));
  set('HealthCheckPort', asString(input.HealthCheckPort));
  set('HealthCheckEnabled', bool(input, 'HealthCheckEnabled'));
  set('HealthCheckPath', asString(input.HealthCheckPath));
  set('HealthCheckIntervalSeconds', num(input, 'HealthCheckIntervalSeconds'));
  set('HealthCheckTimeoutSeconds', num(input, 'HealthCheckTimeoutSeconds'));
  set('HealthyThresholdCount', num(input, 'HealthyThresholdCount'));
  set('UnhealthyThresholdCount', num(input, 'UnhealthyThresholdCount'));
  const matcher = asRecord(input.Matcher);
  if (matcher) set('Matcher', { HttpCode: asString(matcher.HttpCode), GrpcCode: asString(matcher.GrpcCode) });
  return out;
}

export const createTargetGroup: Elbv2Operation = (input, ctx, { store }) => {
  const scope = scopeOf(ctx);
  const name = checkName(asString(input.Name), 'Target group');
  const targetType = asString(input.TargetType) ?? 'instance';
  const protocol = asString(input.Protocol);
  const port = num(input, 'Port');
  const vpcId = asString(input.VpcId);
  const lambda = targetType === 'lambda';
  if (lambda && (protocol !== undefined || port !== undefined || vpcId !== undefined)) {
    throw validationError("A protocol, port and VPC ID cannot be specified for target groups with target type 'lambda'");
  }
  if (!lambda) {
    if (protocol === undefined) throw validationError(`A protocol must be specified`);
    if (port === undefined) throw validationError(`A port must be specified`);
    if (vpcId === undefined) throw validationError(`A VPC ID must be specified`);
  }
  const tags = parseTags(input.Tags);
  const existing = store.list('target-group', scope).find((tg) => tg.name === name);
  if (existing) throw duplicateTargetGroupName(name);
  const httpish = lambda || protocol === 'HTTP' || protocol === 'HTTPS';
  const healthCheck: HealthCheck = lambda
    ? {
        HealthCheckEnabled: false,
        HealthCheckIntervalSeconds: 35,
        HealthCheckTimeoutSeconds: 30,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        HealthCheckPath: '/',
        Matcher: { HttpCode: '200' },
      }
    : {
        HealthCheckProtocol: httpish ? protocol : 'TCP',
        HealthCheckPort: 'traffic-port',
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: httpish ? 5 : 10,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        ...(httpish ? { HealthCheckPath: '/', Matcher: { HttpCode: '200' } } : {}),
      };
  const tg: TargetGroup = {
    kind: 'target-group',
    arn: targetGroupArn(scope, name),
    accountId: scope.accountId,
    region: scope.region,
    name,
    targetType: targetType as TargetGroup['targetType'],
    protocol,
    protocolVersion: httpish && !lambda ? (asString(input.ProtocolVersion) ?? 'HTTP1') : undefined,
    port,
    vpcId,
    ipAddressType: lambda ? undefined : (asString(input.IpAddressType) ?? 'ipv4'),
    healthCheck: { ...healthCheck, ...healthCheckChanges(input) },
    attributes: lambda ? { ...LAMBDA_ATTRIBUTES } : { ...INSTANCE_ATTRIBUTES },
    targets: [],
    tags,
  };
  store.put(tg);
  return { TargetGroups: [renderTargetGroup(tg, store)] };
};

/** The caller's target group by ARN, or AWS's TargetGroupNotFound. */
export function ownTargetGroup(arn: string | undefined, ctx: Parameters<Elbv2Operation>[1], store: Elbv2Store): TargetGroup {
  const tg = store.targetGroup(arn ?? '');
  if (!tg || tg.accountId !== ctx.accountId || tg.region !== ctx.region) throw targetGroupNotFound(arn);
  return tg;
}

export const describeTargetGroups: Elbv2Operation = (input, ctx, { store }) => {
  const arns = asList(input.TargetGroupArns)?.filter((s): s is string => typeof s === 'string');
  const names = asList(input.Names)?.filter((s): s is string => typeof s === 'string');
  const lbArn = asString(input.LoadBalancerArn);
  let found = store.list('target-group', scopeOf(ctx));
  if (lbArn !== undefined) {
    ownLoadBalancer(lbArn, ctx, store);
    found = found.filter((tg) => loadBalancersUsing(tg.arn, store).includes(lbArn));
  }
  if (arns?.length) {
    const picked = arns.map((arn) => found.find((tg) => tg.arn === arn));
    if (picked.some((tg) => !tg)) throw targetGroupNotFound();
    found = picked as TargetGroup[];
  } else if (names?.length) {
    const picked = names.map((n) => found.find((tg) => tg.name === n));
    if (picked.some((tg) => !tg)) throw targetGroupNotFound();
    found = picked as TargetGroup[];
  }
  const { items, nextMarker } = page(found, input);
  return { TargetGroups: items.map((tg) => renderTargetGroup(tg, store)), NextMarker: nextMarker };
};

export const modifyTargetGroup: Elbv2Operation = (input, ctx, { store }) => {
  const tg = ownTargetGroup(asString(input.TargetGroupArn), ctx, store);
  const next = { ...tg, healthCheck: { ...tg.healthCheck, ...healthCheckChanges(input) } };
  store.put(next);
  return { TargetGroups: [renderTargetGroup(next, store)] };
};

export const deleteTargetGroup: Elbv2Operation = (input, ctx, { store }) => {
  const arn = asString(input.TargetGroupArn);
  const tg = arn === undefined ? ownTargetGroup(arn, ctx, store) : store.targetGroup(arn);
  if (!tg || tg.accountId !== ctx.accountId || tg.region !== ctx.region) return {};
  if (loadBalancersUsing(tg.arn, store).length > 0) throw resourceInUse(`Target group '${tg.arn}' is currently in use by a listener or a rule`);
  store.delete(tg.arn);
  return {};
};

export const describeTargetGroupAttributes: Elbv2Operation = (input, ctx, { store }) => ({
  Attributes: renderAttributes(ownTargetGroup(asString(input.TargetGroupArn), ctx, store).attributes),
});

export const modifyTargetGroupAttributes: Elbv2Operation = (input, ctx, { store }) => {
  const tg = ownTargetGroup(asString(input.TargetGroupArn), ctx, store);
  const changes = asList(input.Attributes);
  const next = { ...tg.attributes };
  for (const change of changes ?? []) {
    const key = asString(asRecord(change)?.Key) ?? '';
    const value = asString(asRecord(change)?.Value) ?? '';
    if (!(key in tg.attributes)) throw validationError(`Target group attribute key '${key}' is not recognized`);
    if (key.endsWith('.enabled') && value !== 'true' && value !== 'false') {
      throw validationError(`Target group attribute value '${value}' is not valid for key '${key}'; it must be 'true' or 'false'`);
    }
    next[key] = value;
  }
  store.put({ ...tg, attributes: next });
  return { Attributes: renderAttributes(next) };
};
