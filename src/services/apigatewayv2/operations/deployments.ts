import type { RequestContext } from '../../../server/request-context.js';
import { isoTime, type ApiGatewayV2Env } from '../context.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { ApiRow, Doc } from '../store.js';
import { merge, str, type PartSpec } from './parts.js';

/** What a deployment froze: the data plane serves a stage from its deployment's snapshot. */
export interface Snapshot {
  routes: Doc[];
  integrations: Doc[];
  authorizers: Doc[];
}

/** Deploys the API's current routes, integrations and authorizers, to `stageName` when given. */
export function deploy(env: ApiGatewayV2Env, api: ApiRow, options: { description?: string; stageName?: string; autoDeployed: boolean }): Doc {
  const { store } = env;
  const now = env.clock.now();
  const deploymentId = newId(6);
  const deployment: Doc = { autoDeployed: options.autoDeployed, createdDate: isoTime(now), deploymentId, deploymentStatus: 'DEPLOYED' };
  if (options.description !== undefined) deployment.description = options.description;
  const snapshot: Snapshot = {
    routes: store.parts(api.apiId, 'routes'),
    integrations: store.parts(api.apiId, 'integrations'),
    authorizers: store.parts(api.apiId, 'authorizers'),
  };
  store.putPart(api.apiId, 'deployments', deploymentId, deployment, now);
  store.putPart(api.apiId, 'snapshots', deploymentId, snapshot as unknown as Doc, now);
  if (options.stageName) {
    const stage = store.part(api.apiId, 'stages', options.stageName);
    if (stage) store.putPart(api.apiId, 'stages', options.stageName, { ...stage, deploymentId, lastUpdatedDate: isoTime(now) }, now);
  }
  return deployment;
}

/** After any change to what a stage serves, every auto-deploy stage gets a new deployment. */
export function autoDeploy(env: ApiGatewayV2Env, api: ApiRow): void {
  for (const stage of env.store.parts(api.apiId, 'stages')) {
    if (stage.autoDeploy === true) deploy(env, api, { stageName: String(stage.stageName), autoDeployed: true });
  }
}

const stageNotFound = (ctx: RequestContext, api: ApiRow, name: string) =>
  notFound(`Invalid stage identifier specified ${ctx.accountId}:${api.apiId}:${name}`, 'Stage');

export const DEPLOYMENTS: PartSpec = {
  kind: 'deployments',
  singular: 'Deployment',
  plural: 'Deployments',
  idField: 'deploymentId',
  notFoundMessage: (ctx, api, id) => `Invalid Deployment identifier specified ${ctx.accountId}:${api.apiId}:${id}`,
  create(env, api, input, ctx) {
    const stageName = str(input, 'stageName');
    if (stageName && !env.store.part(api.apiId, 'stages', stageName)) throw stageNotFound(ctx, api, stageName);
    // deploy() writes the deployment; Create writes it again unchanged.
    return deploy(env, api, { description: str(input, 'description'), stageName, autoDeployed: false });
  },
  update: (_env, _api, current, input) => merge(current, input, ['description']),
  beforeDelete(env, api, doc) {
    env.store.deletePart(api.apiId, 'snapshots', String(doc.deploymentId));
  },
};
