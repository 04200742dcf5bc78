/**
 * Every service Tributary runs, in the order they are built. A new service is a folder plus one
 * line here; its port (if it offers one) joins `Ports` by its name, and its routing (signing
 * names, `X-Amz-Target` prefixes, hosts, claims) comes with its `Service`.
 */
import { createAsyncInvocations } from '../async/index.js';
import { createEventSourceMappings } from '../event-sources/index.js';
import { createRecursionConfigApi } from '../gateway/recursion-extension.js';
import type { LambdaPort, S3Port, SqsPort } from '../contracts.js';
import { createLambdaService } from './lambda/index.js';
import { defineService, type LambdaExtensionModule } from './module.js';
import { createS3Service } from './s3/index.js';
import { createSqsService } from './sqs/index.js';
import { elbv2Module } from './elbv2/index.js';
import { eventsModule } from './events/index.js';
import { apiGatewayModule } from './apigateway/index.js';
import { apiGatewayV2Module } from './apigatewayv2/index.js';
import { dynamodbModule } from './dynamodb/index.js';
import { dynamodbStreamsModule } from './dynamodb-streams/index.js';
import { executeApiModule } from './execute-api/index.js';
import { logsModule } from './logs/index.js';
import { schedulerModule } from './scheduler/index.js';
import { snsModule } from './sns/index.js';
import { stsModule } from './sts/index.js';

/** Parts of the Lambda API that live in their own folders (the async queue joins as Lambda's `Event` invocations). */
export const LAMBDA_EXTENSIONS: readonly LambdaExtensionModule[] = [
  { name: 'recursion-configs', create: createRecursionConfigApi },
  { name: 'event-source-mappings', create: createEventSourceMappings },
];

const lambda = defineService({
  name: 'lambda',
  create(deps) {
    const service = createLambdaService(deps);
    service.useAsyncInvocations(createAsyncInvocations(deps, service.internals));
    for (const extension of LAMBDA_EXTENSIONS) service.extend(extension.create(deps, service.internals));
    return service;
  },
  offer: (service): LambdaPort => service,
});

const sqs = defineService({ name: 'sqs', create: createSqsService, offer: (service): SqsPort => service });

const s3 = defineService({ name: 's3', create: createS3Service, offer: (service): S3Port => service, fallback: true });

export const SERVICE_MODULES = [
  lambda,
  sqs,
  s3,
  stsModule,
  logsModule,
  apiGatewayModule,
  apiGatewayV2Module,
  executeApiModule,
  elbv2Module,
  eventsModule,
  schedulerModule,
  snsModule,
  dynamodbModule,
  dynamodbStreamsModule,
] as const;
