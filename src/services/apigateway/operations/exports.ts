import { existingApi, op } from '../context.js';
import { badRequest, invalidStage } from '../errors.js';
import { exportDefinition } from '../openapi/export.js';

export const exportOperations = [
  op('GetExport', 'GET', '/restapis/{restApiId}/stages/{stageName}/exports/{exportType}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const stage = doc.stages[request.params.stageName ?? ''];
    if (!stage) throw invalidStage();
    const type = request.params.exportType;
    if (type !== 'oas30' && type !== 'swagger') throw badRequest(`Invalid export type specified: ${type}`);
    const accept = String(request.headers.accept ?? 'application/json');
    const yaml = accept.includes('yaml');
    const extensions = request.query.get('parameters[extensions]') ?? request.query.get('extensions') ?? '';
    const host = `${doc.api.id}.execute-api.${doc.region}.amazonaws.com`;
    const body = exportDefinition(doc, stage, doc.deployments[stage.deploymentId]!, { type, extensions, yaml, host });
    return {
      status: 200,
      headers: {
        'Content-Type': yaml ? 'application/yaml' : 'application/json',
        'Content-Disposition': `attachment; filename="${type}_${new Date(env.clock.now()).toISOString()}.${yaml ? 'yaml' : 'json'}"`,
      },
      body: Buffer.from(body),
    };
  }),
];
