import { stringify as toYaml } from 'yaml';
import type { ApiDocument, Deployment, Integration, Method, Stage } from '../model.js';

type Json = Record<string, unknown>;

function integrationExtension(integration: Integration): Json {
  const responses: Json = {};
  for (const r of Object.values(integration.integrationResponses ?? {})) {
    responses[r.selectionPattern ?? 'default'] = {
      statusCode: r.statusCode,
      ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
      ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
    };
  }
  return {
    type: integration.type.toLowerCase(),
    ...(integration.httpMethod ? { httpMethod: integration.httpMethod } : {}),
    ...(integration.uri ? { uri: integration.uri } : {}),
    ...(Object.keys(responses).length > 0 ? { responses } : {}),
    ...(integration.requestParameters ? { requestParameters: integration.requestParameters } : {}),
    ...(integration.requestTemplates ? { requestTemplates: integration.requestTemplates } : {}),
    passthroughBehavior: (integration.passthroughBehavior ?? 'WHEN_NO_MATCH').toLowerCase(),
    ...(integration.timeoutInMillis !== 29_000 ? { timeoutInMillis: integration.timeoutInMillis } : {}),
  };
}

function operationOf(method: Method, withIntegrations: boolean, oas3: boolean, authorizerNames: Record<string, string>): Json {
  const operation: Json = {};
  if (method.operationName) operation.operationId = method.operationName;
  const parameters = Object.entries(method.requestParameters ?? {}).map(([name, required]) => {
    const [, , where = '', ...rest] = name.split('.');
    const p: Json = { name: rest.join('.'), in: where === 'querystring' ? 'query' : where, required };
    if (oas3) p.schema = { type: 'string' };
    else p.type = 'string';
    return p;
  });
  if (parameters.length > 0) operation.parameters = parameters;
  const responses: Json = {};
  for (const r of Object.values(method.methodResponses ?? {})) {
    const headers = Object.keys(r.responseParameters ?? {}).map((h) => h.replace(/^method\.response\.header\./, ''));
    responses[r.statusCode] = {
      description: `${r.statusCode} response`,
      ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, oas3 ? { schema: { type: 'string' } } : { type: 'string' }])) } : {}),
    };
  }
  operation.responses = responses;
  const security: Json[] = [];
  if (method.authorizerId && authorizerNames[method.authorizerId]) security.push({ [authorizerNames[method.authorizerId]!]: [] });
  if (method.apiKeyRequired) security.push({ api_key: [] });
  if (security.length > 0) operation.security = security;
  if (withIntegrations && method.methodIntegration) operation['x-amazon-apigateway-integration'] = integrationExtension(method.methodIntegration);
  return operation;
}

/** GetExport: the deployed API of a stage as OpenAPI 3 (`oas30`) or Swagger 2 (`swagger`), JSON or YAML. */
export function exportDefinition(
  doc: ApiDocument,
  stage: Stage,
  deployment: Deployment,
  options: { type: 'oas30' | 'swagger'; extensions: string; yaml: boolean; host: string },
): string {
  const oas3 = options.type === 'oas30';
  const withIntegrations = /integrations|apigateway/.test(options.extensions);
  const authorizerNames = Object.fromEntries(Object.values(deployment.snapshot.authorizers).map((a) => [a.id, a.name]));
  const paths: Json = {};
  for (const resource of Object.values(deployment.snapshot.resources).sort((a, b) => a.path.localeCompare(b.path))) {
    const item: Json = {};
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      item[method.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : method.httpMethod.toLowerCase()] = operationOf(
        method,
        withIntegrations,
        oas3,
        authorizerNames,
      );
    }
    if (Object.keys(item).length > 0) paths[resource.path] = item;
  }
  const schemes: Json = {};
  const anyKey = Object.values(deployment.snapshot.resources).some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.apiKeyRequired));
  if (anyKey) schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  for (const a of Object.values(deployment.snapshot.authorizers)) {
    const header = /^method\.request\.header\.(.+)$/.exec(a.identitySource ?? '')?.[1] ?? 'Unused';
    schemes[a.name] = {
      type: 'apiKey',
      name: header,
      in: 'header',
      'x-amazon-apigateway-authtype': a.authType ?? 'custom',
      ...(withIntegrations
        ? {
            'x-amazon-apigateway-authorizer': {
              type: a.type.toLowerCase(),
              ...(a.authorizerUri ? { authorizerUri: a.authorizerUri } : {}),
              ...(a.identitySource ? { identitySource: a.identitySource } : {}),
              authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? 300,
            },
          }
        : {}),
    };
  }
  const info = {
    title: doc.api.name,
    ...(doc.api.description ? { description: doc.api.description } : {}),
    version: doc.api.version ?? new Date(deployment.createdDate * 1000).toISOString(),
  };
  const spec: Json = oas3
    ? {
        openapi: '3.0.1',
        info,
        servers: [{ url: `https://${options.host}/{basePath}`, variables: { basePath: { default: stage.stageName } } }],
        paths,
        ...(Object.keys(schemes).length > 0 ? { components: { securitySchemes: schemes } } : {}),
      }
    : {
        swagger: '2.0',
        info,
        host: options.host,
        basePath: `/${stage.stageName}`,
        schemes: ['https'],
        paths,
        ...(Object.keys(schemes).length > 0 ? { securityDefinitions: schemes } : {}),
      };
  if (withIntegrations && deployment.snapshot.binaryMediaTypes.length > 0)
    spec['x-amazon-apigateway-binary-media-types'] = deployment.snapshot.binaryMediaTypes;
  return options.yaml ? toYaml(spec) : JSON.stringify(spec, null, 2);
}
