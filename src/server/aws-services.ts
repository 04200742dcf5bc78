/**
 * AWS services clients commonly call, by SigV4 signing name, with the wire protocol their current
 * SDKs speak and, for JSON-protocol services, the `X-Amz-Target` prefix. Tributary uses this to
 * answer a request for a service it does not implement in a form that client can read.
 */
export type WireProtocol = 'json' | 'query' | 'ec2' | 'rest-json' | 'rest-xml' | 'rpc-v2-cbor';

export interface AwsServiceInfo {
  signingName: string;
  title: string;
  protocol: WireProtocol;
  targetPrefixes?: readonly string[];
}

const service = (signingName: string, title: string, protocol: WireProtocol, ...targetPrefixes: string[]): AwsServiceInfo =>
  targetPrefixes.length > 0 ? { signingName, title, protocol, targetPrefixes } : { signingName, title, protocol };

export const AWS_SERVICES: readonly AwsServiceInfo[] = [
  service('acm', 'AWS Certificate Manager', 'json', 'CertificateManager'),
  service('apigateway', 'Amazon API Gateway', 'rest-json'),
  service('application-autoscaling', 'Application Auto Scaling', 'json', 'AnyScaleFrontendService'),
  service('appsync', 'AWS AppSync', 'rest-json'),
  service('athena', 'Amazon Athena', 'json', 'AmazonAthena'),
  service('autoscaling', 'Amazon EC2 Auto Scaling', 'query'),
  service('batch', 'AWS Batch', 'rest-json'),
  service('bedrock', 'Amazon Bedrock', 'rest-json'),
  service('cloudformation', 'AWS CloudFormation', 'query'),
  service('cloudfront', 'Amazon CloudFront', 'rest-xml'),
  service('cloudtrail', 'AWS CloudTrail', 'json', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'),
  service('codebuild', 'AWS CodeBuild', 'json', 'CodeBuild_20161006'),
  service('codepipeline', 'AWS CodePipeline', 'json', 'CodePipeline_20150709'),
  service('cognito-identity', 'Amazon Cognito Identity', 'json', 'AWSCognitoIdentityService'),
  service('cognito-idp', 'Amazon Cognito user pools', 'json', 'AWSCognitoIdentityProviderService'),
  service('config', 'AWS Config', 'json', 'StarlingDoveService'),
  service('dynamodb', 'Amazon DynamoDB', 'json', 'DynamoDB_20120810', 'DynamoDBStreams_20120810'),
  service('ec2', 'Amazon EC2', 'ec2'),
  service('ecr', 'Amazon Elastic Container Registry', 'json', 'AmazonEC2ContainerRegistry_V20150921'),
  service('ecs', 'Amazon Elastic Container Service', 'json', 'AmazonEC2ContainerServiceV20141113'),
  service('eks', 'Amazon Elastic Kubernetes Service', 'rest-json'),
  service('elasticache', 'Amazon ElastiCache', 'query'),
  service('elasticfilesystem', 'Amazon Elastic File System', 'rest-json'),
  service('elasticloadbalancing', 'Elastic Load Balancing', 'query'),
  service('elasticmapreduce', 'Amazon EMR', 'json', 'ElasticMapReduce'),
  service('es', 'Amazon OpenSearch Service', 'rest-json'),
  service('events', 'Amazon EventBridge', 'json', 'AWSEvents'),
  service('firehose', 'Amazon Data Firehose', 'json', 'Firehose_20150804'),
  service('glue', 'AWS Glue', 'json', 'AWSGlue'),
  service('iam', 'AWS Identity and Access Management', 'query'),
  service('iot', 'AWS IoT', 'rest-json'),
  service('kafka', 'Amazon Managed Streaming for Apache Kafka', 'rest-json'),
  service('kinesis', 'Amazon Kinesis Data Streams', 'json', 'Kinesis_20131202'),
  service('kms', 'AWS Key Management Service', 'json', 'TrentService'),
  service('lambda', 'AWS Lambda', 'rest-json'),
  service('logs', 'Amazon CloudWatch Logs', 'json', 'Logs_20140328'),
  service('monitoring', 'Amazon CloudWatch', 'rpc-v2-cbor', 'GraniteServiceVersion20100801'),
  service('organizations', 'AWS Organizations', 'json', 'AWSOrganizationsV20161128'),
  service('pipes', 'Amazon EventBridge Pipes', 'rest-json'),
  service('rds', 'Amazon RDS', 'query'),
  service('redshift', 'Amazon Redshift', 'query'),
  service('route53', 'Amazon Route 53', 'rest-xml'),
  service('s3', 'Amazon S3', 'rest-xml'),
  service('sagemaker', 'Amazon SageMaker', 'json', 'SageMaker'),
  service('scheduler', 'Amazon EventBridge Scheduler', 'rest-json'),
  service('secretsmanager', 'AWS Secrets Manager', 'json', 'secretsmanager'),
  service('ses', 'Amazon Simple Email Service', 'query'),
  service('sns', 'Amazon Simple Notification Service', 'query'),
  service('sqs', 'Amazon Simple Queue Service', 'json', 'AmazonSQS'),
  service('ssm', 'AWS Systems Manager', 'json', 'AmazonSSM'),
  service('states', 'AWS Step Functions', 'json', 'AWSStepFunctions'),
  service('sts', 'AWS Security Token Service', 'query'),
  service('swf', 'Amazon Simple Workflow Service', 'json', 'SimpleWorkflowService'),
  service('tagging', 'AWS Resource Groups Tagging API', 'json', 'ResourceGroupsTaggingAPI_20170126'),
  service('xray', 'AWS X-Ray', 'rest-json'),
];

const BY_SIGNING_NAME = new Map(AWS_SERVICES.map((s) => [s.signingName, s]));
const BY_TARGET_PREFIX = new Map(AWS_SERVICES.flatMap((s) => (s.targetPrefixes ?? []).map((p) => [p, s] as const)));

export function awsServiceBySigningName(name: string): AwsServiceInfo | undefined {
  return BY_SIGNING_NAME.get(name);
}

export function awsServiceByTargetPrefix(prefix: string): AwsServiceInfo | undefined {
  return BY_TARGET_PREFIX.get(prefix);
}
