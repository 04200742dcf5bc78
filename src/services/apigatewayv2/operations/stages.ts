import { isoTime } from '../context.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Doc } from '../store.js';
import { deploy } from './deployments.js';
import { merge, str, type PartSpec } from './parts.js';

const UPDATABLE = [
  'accessLogSettings',
  'autoDeploy',
  'clientCertificateId',
  'defaultRouteSettings',
  'deploymentId',
  'description',
  'routeSettings',
  'stageVariables',
];

export const STAGES: PartSpec = {
  kind: 'stages',
  singular: 'Stage',
  plural: 'Stages',
  idField: 'stageName',
  notFoundMessage: (ctx, api, name) => `Invalid stage identifier specified ${ctx.accountId}:${api.apiId}:${name}`,
  create(env, api, input) {
    const stageName = str(input, 'stageName');
    if (!stageName) throw badRequest('StageName is required.');
    if (env.store.part(api.apiId, 'stages', stageName)) throw conflict(`Stage already exists`);
    const deploymentId = str(input, 'deploymentId');
    if (deploymentId && !env.store.part(api.apiId, 'deployments', deploymentId)) {
      throw notFound(`Invalid Deployment identifier specified ${api.accountId}:${api.apiId}:${deploymentId}`, 'Deployment');
    }
    const now = isoTime(env.clock.now());
    const doc: Doc = {
      autoDeploy: false,
      createdDate: now,
      defaultRouteSettings: { detailedMetricsEnabled: false },
      lastUpdatedDate: now,
      routeSettings: {},
      stageName,
      stageVariables: {},
      tags: {},
    };
    return merge(doc, input, [...UPDATABLE, 'tags']);
  },
  update(env, _api, current, input) {
    return { ...merge(current, input, UPDATABLE), lastUpdatedDate: isoTime(env.clock.now()) };
  },
  afterWrite(env, api, doc) {
    // An auto-deploy stage without a deployment gets one at once.
    if (doc.autoDeploy === true && !doc.deploymentId) deploy(env, api, { stageName: String(doc.stageName), autoDeployed: true });
  },
};
