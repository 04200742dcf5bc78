import { AwsError } from '../../protocols/aws-error.js';

/** ELBv2's client errors: all 400 in its query protocol, with AWS's codes. */
const clientError = (code: string, message: string, status = 400) => new AwsError(code, message, status);

export const validationError = (message: string) => clientError('ValidationError', message);
export const loadBalancerNotFound = (arn?: string) =>
  clientError('LoadBalancerNotFound', arn ? `Load balancer '${arn}' not found` : 'One or more load balancers not found');
export const targetGroupNotFound = (arn?: string) =>
  clientError('TargetGroupNotFound', arn ? `Target group '${arn}' not found` : 'One or more target groups not found');
export const listenerNotFound = (arn?: string) => clientError('ListenerNotFound', arn ? `Listener '${arn}' not found` : 'One or more listeners not found');
export const ruleNotFound = (arn?: string) => clientError('RuleNotFound', arn ? `Rule '${arn}' not found` : 'One or more rules not found');
export const duplicateLoadBalancerName = (name: string) => clientError('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists`);
export const duplicateTargetGroupName = (name: string) => clientError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists`);
export const duplicateListener = (lbArn: string) =>
  clientError('DuplicateListener', `A listener already exists on this port for this load balancer '${lbArn}'`);
export const priorityInUse = (priority: number) => clientError('PriorityInUse', `Priority '${priority}' is currently in use`);
export const resourceInUse = (message: string) => clientError('ResourceInUse', message);
export const invalidTarget = (message: string) => clientError('InvalidTarget', message);
export const tooManyTargets = (message: string) => clientError('TooManyTargets', message);
export const operationNotPermitted = (message: string) => clientError('OperationNotPermitted', message);
export const accessDenied = (message: string) => clientError('AccessDenied', message, 403);
export const invalidConfigurationRequest = (message: string) => clientError('InvalidConfigurationRequest', message);
export const duplicateTagKeys = (key: string) => clientError('DuplicateTagKeys', `Tag key '${key}' specified more than once`);
export const tooManyTags = () => clientError('TooManyTags', 'The quota for the number of tags that can be assigned to a resource has been reached');
