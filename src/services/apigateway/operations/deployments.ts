import type { RequestContext } from '../../../server/request-context.js';
import { accepted, type ApiGatewayEnv, created, existingApi, jsonBody, ok, op, optionalString, page, seconds, stringMap } from '../context.js';
import { badRequest, conflict, invalidDeployment, invalidStage } from '../errors.js';
import { newChildId } from '../ids.js';
import type { ApiDocument, Deployment, Stage } from '../model.js';
import { applyPatch, type PatchOperation } from '../patch.js';

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/** Freezes the API as it is now, as CreateDeployment does. */
export function deploy(env: ApiGatewayEnv, doc: ApiDocument, description?: string): Deployment {
  const methods = Object.values(doc.resources).flatMap((r) => Object.values(r.resourceMethods ?? {}));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
  let id = newChildId();
  while (doc.deployments[id]) id = newChildId();
  const deployment: Deployment = {
    id,
    createdDate: seconds(env),
    snapshot: structuredClone({
      resources: doc.resources,
      authorizers: doc.authorizers,
      gatewayResponses: doc.gatewayResponses,
      binaryMediaTypes: doc.api.binaryMediaTypes ?? [],
      apiKeySource: doc.api.apiKeySource,
      models: doc.models,
      requestValidators: doc.requestValidators,
    }),
  };
  if (description) deployment.description = description;
  doc.deployments[id] = deployment;
  return deployment;
}

export const renderDeployment = ({ snapshot: _snapshot, ...rest }: Deployment): Omit<Deployment, 'snapshot'> => rest;

function checkStageName(name: string | undefined): string {
  if (!name || !STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_');
  return name;
}

function checkVariables(variables: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (!/^[a-zA-Z0-9_]{1,64}$/.test(name)) throw badRequest(`Stage variable name ${name} can only contain alphanumeric characters and underscores`);
    if (typeof value !== 'string' || !/^[a-zA-Z0-9\-._~:/?#&=,]{0,512}$/.test(value)) {
      throw badRequest(`Stage variable value ${String(value)} contains illegal characters`);
    }
  }
}

export function newStage(env: ApiGatewayEnv, name: string, deploymentId: string, fields: Partial<Stage>): Stage {
  const now = seconds(env);
  const stage: Stage = {
    deploymentId,
    stageName: name,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    tracingEnabled: false,
    createdDate: now,
    lastUpdatedDate: now,
    ...fields,
  };
  for (const key of Object.keys(stage) as (keyof Stage)[]) if (stage[key] === undefined) delete stage[key];
  if (stage.variables && Object.keys(stage.variables).length === 0) delete stage.variables;
  return stage;
}

function existingStage(doc: ApiDocument, name: string | undefined): Stage {
  const stage = name ? doc.stages[name] : undefined;
  if (!stage) throw invalidStage();
  return stage;
}

/** Stage.methodSettings member names of the `{category}/{setting}` patch paths. */
const METHOD_SETTING_NAMES: Record<string, string> = {
  'metrics/enabled': 'metricsEnabled',
  'logging/loglevel': 'loggingLevel',
  'logging/dataTrace': 'dataTraceEnabled',
  'throttling/burstLimit': 'throttlingBurstLimit',
  'throttling/rateLimit': 'throttlingRateLimit',
  'caching/enabled': 'cachingEnabled',
  'caching/ttlInSeconds': 'cacheTtlInSeconds',
  'caching/dataEncrypted': 'cacheDataEncrypted',
  'caching/requireAuthorizationForCacheControl': 'requireAuthorizationForCacheControl',
  'caching/unauthorizedCacheControlHeaderStrategy': 'unauthorizedCacheControlHeaderStrategy',
};

/** `/{resourcePath}/{httpMethod}/{category}/{setting}` patches go to methodSettings, as Stage.methodSettings reads them. */
function patchMethodSettings(stage: Stage, operations: PatchOperation[]): PatchOperation[] {
  const rest: PatchOperation[] = [];
  for (const operation of operations) {
    const parts = (operation.path ?? '').replace(/^\//, '').split('/');
    if (parts.length !== 4) {
      rest.push(operation);
      continue;
    }
    const [resource, method, category, setting] = parts as [string, string, string, string];
    const key = `${resource.replace(/~1/g, '/')}/${method}`;
    const name = METHOD_SETTING_NAMES[`${category}/${setting}`] ?? `${category}${setting[0]!.toUpperCase()}${setting.slice(1)}`;
    const settings = (stage.methodSettings[key] ??= {});
    if (operation.op === 'remove') delete settings[name];
    else
      settings[name] =
        operation.value === 'true'
          ? true
          : operation.value === 'false'
            ? false
            : Number.isFinite(Number(operation.value))
              ? Number(operation.value)
              : operation.value;
  }
  return rest;
}

function stageFields(input: Record<string, unknown>): Partial<Stage> {
  const variables = stringMap<string>(input, 'variables');
  checkVariables(variables);
  return {
    description: optionalString(input, 'description'),
    variables,
    cacheClusterEnabled: input.cacheClusterEnabled === true,
    cacheClusterSize: optionalString(input, 'cacheClusterSize'),
    tracingEnabled: input.tracingEnabled === true,
    tags: stringMap<string>(input, 'tags'),
    documentationVersion: optionalString(input, 'documentationVersion'),
  };
}

/** Points a stage (new or existing) at a deployment, as CreateDeployment with `stageName` does. */
export function deployToStage(env: ApiGatewayEnv, doc: ApiDocument, stageName: string, deployment: Deployment, fields: Partial<Stage>): void {
  const existing = doc.stages[stageName];
  if (existing) {
    existing.deploymentId = deployment.id;
    if (fields.variables) existing.variables = { ...existing.variables, ...fields.variables };
    existing.lastUpdatedDate = seconds(env);
  } else {
    doc.stages[stageName] = newStage(env, stageName, deployment.id, fields);
  }
}

export const deploymentOperations = [
  op('CreateDeployment', 'POST', '/restapis/{restApiId}/deployments', (env, request, ctx: RequestContext) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const input = jsonBody(request);
    const stageName = optionalString(input, 'stageName');
    if (stageName !== undefined) checkStageName(stageName);
    const variables = stringMap<string>(input, 'variables');
    checkVariables(variables);
    const deployment = deploy(env, doc, optionalString(input, 'description'));
    if (stageName) deployToStage(env, doc, stageName, deployment, { description: optionalString(input, 'stageDescription'), variables });
    env.store.saveApi(doc);
    return created(renderDeployment(deployment));
  }),
  op('GetDeployments', 'GET', '/restapis/{restApiId}/deployments', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    return ok(page(Object.values(doc.deployments).map(renderDeployment), request.query));
  }),
  op('GetDeployment', 'GET', '/restapis/{restApiId}/deployments/{deploymentId}', (env, request, ctx) => {
    const deployment = existingApi(env, ctx, request.params.restApiId).deployments[request.params.deploymentId ?? ''];
    if (!deployment) throw invalidDeployment();
    return ok(renderDeployment(deployment));
  }),
  op('UpdateDeployment', 'PATCH', '/restapis/{restApiId}/deployments/{deploymentId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const deployment = doc.deployments[request.params.deploymentId ?? ''];
    if (!deployment) throw invalidDeployment();
    applyPatch(deployment as unknown as Record<string, unknown>, jsonBody(request).patchOperations as never, { members: { description: 'string' } });
    env.store.saveApi(doc);
    return ok(renderDeployment(deployment));
  }),
  op('DeleteDeployment', 'DELETE', '/restapis/{restApiId}/deployments/{deploymentId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const deployment = doc.deployments[request.params.deploymentId ?? ''];
    if (!deployment) throw invalidDeployment();
    if (Object.values(doc.stages).some((s) => s.deploymentId === deployment.id)) {
      throw badRequest('Active stages pointing to this deployment must be moved or deleted');
    }
    delete doc.deployments[deployment.id];
    env.store.saveApi(doc);
    return accepted();
  }),
  op('CreateStage', 'POST', '/restapis/{restApiId}/stages', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const input = jsonBody(request);
    const name = checkStageName(optionalString(input, 'stageName'));
    const deploymentId = optionalString(input, 'deploymentId');
    if (!deploymentId || !doc.deployments[deploymentId]) throw invalidDeployment();
    if (doc.stages[name]) throw conflict('Stage already exists');
    const stage = newStage(env, name, deploymentId, stageFields(input));
    doc.stages[name] = stage;
    env.store.saveApi(doc);
    return created(stage);
  }),
  op('GetStages', 'GET', '/restapis/{restApiId}/stages', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const deploymentId = request.query.get('deploymentId');
    return ok({ item: Object.values(doc.stages).filter((s) => !deploymentId || s.deploymentId === deploymentId) });
  }),
  op('GetStage', 'GET', '/restapis/{restApiId}/stages/{stageName}', (env, request, ctx) =>
    ok(existingStage(existingApi(env, ctx, request.params.restApiId), request.params.stageName)),
  ),
  op('UpdateStage', 'PATCH', '/restapis/{restApiId}/stages/{stageName}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const stage = existingStage(doc, request.params.stageName);
    const patched = structuredClone(stage);
    const operations = patchMethodSettings(patched, (jsonBody(request).patchOperations as PatchOperation[] | undefined) ?? []);
    applyPatch(patched as unknown as Record<string, unknown>, operations, {
      members: {
        deploymentId: 'string',
        description: 'string',
        cacheClusterEnabled: 'boolean',
        cacheClusterSize: 'string',
        tracingEnabled: 'boolean',
        documentationVersion: 'string',
        clientCertificateId: 'string',
        webAclArn: 'string',
      },
      maps: { variables: 'string' },
    });
    if (!doc.deployments[patched.deploymentId]) throw invalidDeployment();
    checkVariables(patched.variables);
    patched.lastUpdatedDate = seconds(env);
    doc.stages[stage.stageName] = patched;
    env.store.saveApi(doc);
    return ok(patched);
  }),
  op('DeleteStage', 'DELETE', '/restapis/{restApiId}/stages/{stageName}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const stage = existingStage(doc, request.params.stageName);
    delete doc.stages[stage.stageName];
    env.store.saveApi(doc);
    return accepted();
  }),
];
