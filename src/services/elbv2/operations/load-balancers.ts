import { defaultVpcId, dnsNameOf, loadBalancerArn } from '../arns.js';
import { scopeOf, type Elbv2Operation } from '../context.js';
import { duplicateLoadBalancerName, loadBalancerNotFound, operationNotPermitted, validationError } from '../errors.js';
import type { LoadBalancer } from '../model.js';
import { checkName } from '../names.js';
import { page } from '../paging.js';
import { renderAttributes, renderLoadBalancer } from '../render.js';
import { asList, asRecord, asString } from '../wire.js';
import { parseTags } from './tags.js';

/** An ALB's attributes and their defaults, as DescribeLoadBalancerAttributes lists them. */
const ALB_ATTRIBUTES: Record<string, string> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'client_keep_alive.seconds': '3600',
  'connection_logs.s3.enabled': 'false',
  'connection_logs.s3.bucket': '',
  'connection_logs.s3.prefix': '',
  'deletion_protection.enabled': 'false',
  'idle_timeout.timeout_seconds': '60',
  'routing.http.desync_mitigation_mode': 'defensive',
  'routing.http.drop_invalid_header_fields.enabled': 'false',
  'routing.http.preserve_host_header.enabled': 'false',
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false',
  'routing.http.xff_client_port.enabled': 'false',
  'routing.http.xff_header_processing.mode': 'append',
  'routing.http2.enabled': 'true',
  'waf.fail_open.enabled': 'false',
  'zonal_shift.config.enabled': 'false',
};

export const createLoadBalancer: Elbv2Operation = (input, ctx, { store, deps }) => {
  const scope = scopeOf(ctx);
  const name = checkName(asString(input.Name), 'Load balancer');
  const scheme = asString(input.Scheme) ?? 'internet-facing';
  const type = asString(input.Type) ?? 'application';
  const tags = parseTags(input.Tags);
  if (store.list('load-balancer', scope).some((lb) => lb.name === name)) throw duplicateLoadBalancerName(name);
  const subnets = [
    ...(asList(input.Subnets) ?? []).filter((s): s is string => typeof s === 'string'),
    ...(asList(input.SubnetMappings) ?? []).map((m) => asString(asRecord(m)?.SubnetId) ?? ''),
  ];
  // Without EC2, subnets are taken at their word, one availability zone each; none given, two made-up ones.
  if (subnets.length === 0) subnets.push('subnet-00000000000000001', 'subnet-00000000000000002');
  if (type === 'application' && subnets.length < 2) throw validationError('At least two subnets in two different Availability Zones must be specified');
  const { arn, id } = loadBalancerArn(scope, name, type);
  const lb: LoadBalancer = {
    kind: 'load-balancer',
    arn,
    id,
    accountId: scope.accountId,
    region: scope.region,
    name,
    dnsName: dnsNameOf(name, scope.region, scheme),
    scheme: scheme as LoadBalancer['scheme'],
    type: type as LoadBalancer['type'],
    ipAddressType: asString(input.IpAddressType) ?? 'ipv4',
    vpcId: defaultVpcId(scope),
    zones: subnets.map((SubnetId, i) => ({ SubnetId, ZoneName: `${scope.region}${'abcdef'[i % 6]}` })),
    securityGroups: (asList(input.SecurityGroups) ?? []).filter((s): s is string => typeof s === 'string'),
    createdTime: deps.clock.now(),
    attributes: type === 'application' ? { ...ALB_ATTRIBUTES } : { 'deletion_protection.enabled': 'false', 'load_balancing.cross_zone.enabled': 'false' },
    tags,
  };
  if (lb.securityGroups.length === 0 && type === 'application') lb.securityGroups.push(`sg-${id.slice(0, 17)}`);
  store.put(lb);
  // AWS answers while the load balancer is still being provisioned; Tributary's is ready at once.
  return { LoadBalancers: [renderLoadBalancer(lb, 'provisioning')] };
};

export const describeLoadBalancers: Elbv2Operation = (input, ctx, { store }) => {
  const arns = asList(input.LoadBalancerArns)?.filter((s): s is string => typeof s === 'string');
  const names = asList(input.Names)?.filter((s): s is string => typeof s === 'string');
  if (arns?.length && names?.length) throw validationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
  let found = store.list('load-balancer', scopeOf(ctx));
  if (arns?.length) {
    found = arns.map((arn) => found.find((lb) => lb.arn === arn) ?? throwNotFound(arn));
  } else if (names?.length) {
    const picked = names.map((n) => found.find((lb) => lb.name === n));
    if (picked.some((lb) => !lb)) throw loadBalancerNotFound();
    found = picked as LoadBalancer[];
  }
  const { items, nextMarker } = page(found, input);
  return { LoadBalancers: items.map((lb) => renderLoadBalancer(lb)), NextMarker: nextMarker };
};

function throwNotFound(arn: string): never {
  throw loadBalancerNotFound(arn);
}

/** The caller's load balancer by ARN, or AWS's LoadBalancerNotFound. */
export function ownLoadBalancer(arn: string | undefined, ctx: Parameters<Elbv2Operation>[1], store: Parameters<Elbv2Operation>[2]['store']): LoadBalancer {
  const lb = store.get('load-balancer', arn ?? '');
  if (!lb || lb.accountId !== ctx.accountId || lb.region !== ctx.region) throw loadBalancerNotFound(arn);
  return lb;
}

export const deleteLoadBalancer: Elbv2Operation = (input, ctx, { store }) => {
  const arn = asString(input.LoadBalancerArn);
  const lb = arn === undefined ? undefined : store.get('load-balancer', arn);
  // Deleting a load balancer that does not exist succeeds, as on AWS.
  if (!lb || lb.accountId !== ctx.accountId || lb.region !== ctx.region) {
    if (arn === undefined) ownLoadBalancer(arn, ctx, store);
    return {};
  }
  if (lb.attributes['deletion_protection.enabled'] === 'true') {
    throw operationNotPermitted(`Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`);
  }
  const listeners = store.listenersOf(lb.arn);
  const rules = listeners.flatMap((l) => store.rulesOf(l.arn));
  store.delete(...rules.map((r) => r.arn), ...listeners.map((l) => l.arn), lb.arn);
  return {};
};

export const describeLoadBalancerAttributes: Elbv2Operation = (input, ctx, { store }) => {
  const lb = ownLoadBalancer(asString(input.LoadBalancerArn), ctx, store);
  return { Attributes: renderAttributes(lb.attributes) };
};

export const modifyLoadBalancerAttributes: Elbv2Operation = (input, ctx, { store }) => {
  const lb = ownLoadBalancer(asString(input.LoadBalancerArn), ctx, store);
  const changes = asList(input.Attributes);
  const next = { ...lb.attributes };
  for (const change of changes ?? []) {
    const key = asString(asRecord(change)?.Key) ?? '';
    const value = asString(asRecord(change)?.Value) ?? '';
    if (!(key in lb.attributes)) throw validationError(`Load balancer attribute key '${key}' is not recognized`);
    if (key.endsWith('.enabled') && value !== 'true' && value !== 'false') {
      throw validationError(`Load balancer attribute value '${value}' is not valid for key '${key}'; it must be 'true' or 'false'`);
    }
    if (key === 'idle_timeout.timeout_seconds' && !(Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 4000)) {
      throw validationError(`Load balancer attribute value '${value}' for key '${key}' must be between 1 and 4000`);
    }
    next[key] = value;
  }
  store.put({ ...lb, attributes: next });
  return { Attributes: renderAttributes(next) };
};
