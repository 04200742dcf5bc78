/**
 * ELBv2 resources as Tributary keeps them. Actions, conditions and tags are kept in AWS's own
 * member names, so what a caller sent is what Describe* echoes.
 */
export interface Tag {
  Key: string;
  Value?: string;
}

export interface Owned {
  arn: string;
  accountId: string;
  region: string;
  tags: Tag[];
}

export interface LoadBalancer extends Owned {
  kind: 'load-balancer';
  name: string;
  /** The 16-hex id at the end of the ARN. */
  id: string;
  dnsName: string;
  scheme: 'internet-facing' | 'internal';
  type: 'application' | 'network' | 'gateway';
  ipAddressType: string;
  vpcId: string;
  zones: { ZoneName: string; SubnetId: string }[];
  securityGroups: string[];
  createdTime: number;
  attributes: Record<string, string>;
}

export interface HealthCheck {
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath?: string;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
}

export interface Target {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

export interface TargetGroup extends Owned {
  kind: 'target-group';
  name: string;
  targetType: 'lambda' | 'instance' | 'ip' | 'alb';
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  ipAddressType?: string;
  healthCheck: HealthCheck;
  attributes: Record<string, string>;
  targets: Target[];
}

/** An action as AWS's API shapes it (`Type`, `TargetGroupArn`, `ForwardConfig`, ...). */
export interface Action {
  Type: string;
  TargetGroupArn?: string;
  Order?: number;
  ForwardConfig?: {
    TargetGroups?: { TargetGroupArn: string; Weight?: number }[];
    TargetGroupStickinessConfig?: { Enabled?: boolean; DurationSeconds?: number };
  };
  FixedResponseConfig?: { MessageBody?: string; StatusCode: string; ContentType?: string };
  RedirectConfig?: { Protocol?: string; Port?: string; Host?: string; Path?: string; Query?: string; StatusCode: string };
}

/** A rule condition as AWS's API shapes it. */
export interface Condition {
  Field: string;
  Values?: string[];
  HostHeaderConfig?: { Values: string[] };
  PathPatternConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: string[] };
  QueryStringConfig?: { Values: { Key?: string; Value: string }[] };
  HttpRequestMethodConfig?: { Values: string[] };
  SourceIpConfig?: { Values: string[] };
}

export interface Listener extends Owned {
  kind: 'listener';
  loadBalancerArn: string;
  port: number;
  protocol: string;
  defaultActions: Action[];
  /** The ARN of the listener's default rule (DescribeRules lists it with Priority `default`). */
  defaultRuleArn: string;
}

export interface Rule extends Owned {
  kind: 'rule';
  listenerArn: string;
  priority: number;
  conditions: Condition[];
  actions: Action[];
}

export type Resource = LoadBalancer | TargetGroup | Listener | Rule;
