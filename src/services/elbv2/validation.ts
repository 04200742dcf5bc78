import { type Shape, type StructureShape, structure, validate, validationMessage } from '../../protocols/constraints.js';
import { validationError } from './errors.js';
import type { Tree } from './wire.js';

/** ELBv2's input shapes as its model states them (what the constraint engine checks before an action runs). */
const int = (min: number, max: number, required = false): Shape => ({ type: 'integer', range: { min, max }, fromText: true, required });
const str = (options: Omit<Extract<Shape, { type: 'string' }>, 'type'> = {}): Shape => ({ type: 'string', ...options });
const list = (member: Shape, required = false): Shape => ({ type: 'list', member, required });

const NAME = str({ required: true });
const ARN = str({ required: true });
const PAGE_SIZE = int(1, 400);
const TAGS = list(structure({ Key: str({ required: true, length: { min: 1, max: 128 } }), Value: str({ length: { min: 0, max: 256 } }) }));
const ATTRIBUTES = list(structure({ Key: str({ length: { max: 256 } }), Value: str({ length: { max: 1024 } }) }), true);
const PROTOCOL = str({ enum: ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] });

const ACTION = structure({
  Type: str({ required: true, enum: ['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response'] }),
  TargetGroupArn: str(),
  Order: int(1, 50000),
  RedirectConfig: structure({
    Protocol: str({ pattern: '^(HTTPS?|#\\{protocol\\})$' }),
    Port: str(),
    Host: str({ length: { min: 1, max: 128 } }),
    Path: str({ length: { min: 1, max: 128 } }),
    Query: str({ length: { min: 0, max: 128 } }),
    StatusCode: str({ required: true, enum: ['HTTP_301', 'HTTP_302'] }),
  }),
  FixedResponseConfig: structure({
    MessageBody: str({ length: { min: 0, max: 1024 } }),
    StatusCode: str({ required: true, pattern: '^(2|4|5)\\d\\d$' }),
    ContentType: str({ length: { min: 0, max: 32 } }),
  }),
  ForwardConfig: structure({ TargetGroups: list(structure({ TargetGroupArn: str(), Weight: int(0, 999) })) }),
});
const ACTIONS = list(ACTION, true);
const CONDITIONS = list(structure({ Field: str({ length: { max: 64 } }), Values: list(str({ length: { max: 128 } })) }), true);
const TARGETS = list(structure({ Id: str({ required: true }), Port: int(1, 65535) }), true);
const HEALTH_CHECK = {
  HealthCheckProtocol: PROTOCOL,
  HealthCheckPort: str(),
  HealthCheckPath: str({ length: { min: 1, max: 1024 } }),
  HealthCheckIntervalSeconds: int(5, 300),
  HealthCheckTimeoutSeconds: int(2, 120),
  HealthyThresholdCount: int(2, 10),
  UnhealthyThresholdCount: int(2, 10),
};

export const ELBV2_SHAPES: Readonly<Record<string, StructureShape>> = {
  CreateLoadBalancer: structure({
    Name: NAME,
    Subnets: list(str()),
    SecurityGroups: list(str()),
    Scheme: str({ enum: ['internet-facing', 'internal'] }),
    Tags: TAGS,
    Type: str({ enum: ['application', 'network', 'gateway'] }),
    IpAddressType: str({ enum: ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'] }),
  }),
  DescribeLoadBalancers: structure({ PageSize: PAGE_SIZE }),
  DeleteLoadBalancer: structure({ LoadBalancerArn: ARN }),
  DescribeLoadBalancerAttributes: structure({ LoadBalancerArn: ARN }),
  ModifyLoadBalancerAttributes: structure({ LoadBalancerArn: ARN, Attributes: ATTRIBUTES }),
  CreateTargetGroup: structure({
    Name: NAME,
    Protocol: PROTOCOL,
    Port: int(1, 65535),
    TargetType: str({ enum: ['instance', 'ip', 'lambda', 'alb'] }),
    Tags: TAGS,
    ...HEALTH_CHECK,
  }),
  DescribeTargetGroups: structure({ PageSize: PAGE_SIZE }),
  ModifyTargetGroup: structure({ TargetGroupArn: ARN, ...HEALTH_CHECK }),
  DeleteTargetGroup: structure({ TargetGroupArn: ARN }),
  DescribeTargetGroupAttributes: structure({ TargetGroupArn: ARN }),
  ModifyTargetGroupAttributes: structure({ TargetGroupArn: ARN, Attributes: ATTRIBUTES }),
  RegisterTargets: structure({ TargetGroupArn: ARN, Targets: TARGETS }),
  DeregisterTargets: structure({ TargetGroupArn: ARN, Targets: TARGETS }),
  DescribeTargetHealth: structure({ TargetGroupArn: ARN }),
  CreateListener: structure({ LoadBalancerArn: ARN, Protocol: PROTOCOL, Port: int(1, 65535), DefaultActions: ACTIONS, Tags: TAGS }),
  DescribeListeners: structure({ PageSize: PAGE_SIZE }),
  ModifyListener: structure({ ListenerArn: ARN, Protocol: PROTOCOL, Port: int(1, 65535), DefaultActions: list(ACTION) }),
  DeleteListener: structure({ ListenerArn: ARN }),
  CreateRule: structure({ ListenerArn: ARN, Conditions: CONDITIONS, Priority: int(1, 50000, true), Actions: ACTIONS, Tags: TAGS }),
  DescribeRules: structure({ PageSize: PAGE_SIZE }),
  ModifyRule: structure({ RuleArn: ARN, Conditions: { ...CONDITIONS, required: false } as Shape, Actions: list(ACTION) }),
  DeleteRule: structure({ RuleArn: ARN }),
  SetRulePriorities: structure({ RulePriorities: list(structure({ RuleArn: str(), Priority: int(1, 50000) }), true) }),
  AddTags: structure({ ResourceArns: list(str(), true), Tags: { ...TAGS, required: true } as Shape }),
  RemoveTags: structure({ ResourceArns: list(str(), true), TagKeys: list(str({ length: { min: 1, max: 128 } }), true) }),
  DescribeTags: structure({ ResourceArns: list(str(), true) }),
};

/** ELBv2 words the model's violations as every Smithy service does, under its own `ValidationError` code. */
export function checkInput(action: string, input: Record<string, Tree>): void {
  const shape = ELBV2_SHAPES[action];
  if (!shape) return;
  const violations = validate(shape, input);
  if (violations.length > 0) throw validationError(validationMessage(violations));
}

/** A violation found while reading a value (past the shape's reach), worded by the engine. */
export function violation(at: string, value: unknown, text: string): Error {
  return validationError(validationMessage([{ at, value, constraint: text }]));
}
export { constraint } from '../../protocols/constraints.js';
