import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from './store.js';

const hex16 = () => randomBytes(8).toString('hex');

export function loadBalancerArn(scope: Scope, name: string, type: string): { arn: string; id: string } {
  const id = hex16();
  const prefix = type === 'network' ? 'net' : type === 'gateway' ? 'gwy' : 'app';
  return { arn: `arn:aws:elasticloadbalancing:${scope.region}:${scope.accountId}:loadbalancer/${prefix}/${name}/${id}`, id };
}

export function targetGroupArn(scope: Scope, name: string): string {
  return `arn:aws:elasticloadbalancing:${scope.region}:${scope.accountId}:targetgroup/${name}/${hex16()}`;
}

/** `listener/app/{lb-name}/{lb-id}/{id}`, from the load balancer's `loadbalancer/app/{name}/{id}`. */
export function listenerArn(lbArn: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${hex16()}`;
}

/** `listener-rule/app/{lb-name}/{lb-id}/{listener-id}/{id}`. */
export function ruleArn(listenerArn: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${hex16()}`;
}

/** AWS's DNS names read `{name}-{digits}.{region}.elb.amazonaws.com` (`internal-` first for internal ones); here `.elb.localhost`. */
export function dnsNameOf(name: string, region: string, scheme: string): string {
  const digits = String(Number.parseInt(randomBytes(4).toString('hex'), 16)).padStart(10, '1');
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits}.${region}.elb.localhost`.toLowerCase();
}

/** The account's default VPC in a region: a stable made-up id, as Tributary has no EC2. */
export function defaultVpcId(scope: Scope): string {
  return `vpc-${createHash('sha256').update(`${scope.accountId}/${scope.region}`).digest('hex').slice(0, 17)}`;
}

/** The Route 53 hosted zone id of ALBs in a region (AWS's published ids for the common regions). */
export function canonicalHostedZoneId(region: string): string {
  const zones: Record<string, string> = {
    'us-east-1': 'Z35SXDOTRQ7X7K',
    'us-east-2': 'Z3AADJGX6KTTL2',
    'us-west-1': 'Z368ELLRRE2KJ0',
    'us-west-2': 'Z1H1FL5HABSF5',
    'eu-west-1': 'Z32O12XQLNTSW2',
    'eu-central-1': 'Z215JYRZR1TBD5',
  };
  return zones[region] ?? 'Z35SXDOTRQ7X7K';
}
