import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type PutIntegrationCommandInput,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { rawRequest, type RawReply } from '../support/raw-http.js';
import { clientConfig } from '../support/tributary.js';

export function apigatewayClient(url: string): APIGatewayClient {
  return new APIGatewayClient({ ...clientConfig(url), maxAttempts: 1 });
}

export const lambdaUri = (name: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations`;

/** Creates the resources of `path` under the root (`/items/{id}`), returning each path's id. */
export async function createPath(
  api: APIGatewayClient,
  restApiId: string,
  rootId: string,
  path: string,
  known: Map<string, string> = new Map(),
): Promise<string> {
  let parent = rootId;
  let sofar = '';
  for (const part of path.split('/').filter(Boolean)) {
    sofar += `/${part}`;
    let id = known.get(sofar);
    if (!id) {
      id = (await api.send(new CreateResourceCommand({ restApiId, parentId: parent, pathPart: part }))).id!;
      known.set(sofar, id);
    }
    parent = id;
  }
  return parent;
}

export interface MethodSpec {
  path: string;
  httpMethod: string;
  method?: Partial<PutMethodCommandInput>;
  integration: Partial<PutIntegrationCommandInput>;
}

/** A REST API with the methods given, deployed to `stage`; returns its id and the resource ids by path. */
export async function createApi(api: APIGatewayClient, name: string, methods: MethodSpec[], stage = 'prod', variables?: Record<string, string>) {
  const created = await api.send(new CreateRestApiCommand({ name }));
  const restApiId = created.id!;
  const known = new Map<string, string>([['/', created.rootResourceId!]]);
  for (const m of methods) {
    const resourceId = m.path === '/' ? created.rootResourceId! : await createPath(api, restApiId, created.rootResourceId!, m.path, known);
    await api.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: m.httpMethod, authorizationType: 'NONE', ...m.method }));
    await api.send(
      new PutIntegrationCommand({ restApiId, resourceId, httpMethod: m.httpMethod, type: 'MOCK', ...m.integration } as PutIntegrationCommandInput),
    );
  }
  const deployment = await api.send(new CreateDeploymentCommand({ restApiId, stageName: stage, variables }));
  return { restApiId, rootId: created.rootResourceId!, resources: known, deploymentId: deployment.id! };
}

/** Lets API Gateway invoke a function, as users do before it works on AWS. */
export async function allowApiGateway(lambda: LambdaClient, name: string): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({ FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }),
  );
}

/** A request to a REST API by host (`{id}.execute-api.localhost`). */
export function byHost(
  url: string,
  apiId: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawReply> {
  const port = new URL(url).port;
  return rawRequest(url, { ...options, path, headers: { host: `${apiId}.execute-api.localhost:${port}`, ...options.headers } });
}

/** A request to a REST API by path (`/_aws/execute-api/{id}/...`). */
export function byPath(
  url: string,
  apiId: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawReply> {
  return rawRequest(url, { ...options, path: `/_aws/execute-api/${apiId}${path}` });
}
