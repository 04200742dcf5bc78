import { badRequest } from '../errors.js';
import { newId } from '../ids.js';
import type { ApiRow, Doc } from '../store.js';
import { autoDeploy } from './deployments.js';
import { merge, str, type PartSpec } from './parts.js';

const FIELDS = [
  'connectionId',
  'connectionType',
  'contentHandlingStrategy',
  'credentialsArn',
  'description',
  'integrationMethod',
  'integrationSubtype',
  'integrationType',
  'integrationUri',
  'passthroughBehavior',
  'payloadFormatVersion',
  'requestParameters',
  'requestTemplates',
  'responseParameters',
  'templateSelectionExpression',
  'timeoutInMillis',
  'tlsConfig',
];
const HTTP_TYPES = new Set(['AWS_PROXY', 'HTTP_PROXY']);
const WEBSOCKET_TYPES = new Set(['AWS_PROXY', 'AWS', 'HTTP_PROXY', 'HTTP', 'MOCK']);

function check(api: ApiRow, doc: Doc): void {
  const websocket = api.doc.protocolType === 'WEBSOCKET';
  const type = String(doc.integrationType ?? '');
  if (!(websocket ? WEBSOCKET_TYPES : HTTP_TYPES).has(type)) throw badRequest(`Unsupported integration type '${type}' for API ${api.apiId}.`);
  const version = String(doc.payloadFormatVersion);
  if (websocket ? version !== '1.0' : version !== '1.0' && version !== '2.0') throw badRequest(`Invalid payload format version: ${version}`);
  if (type !== 'MOCK' && !str(doc, 'integrationUri')) throw badRequest(`IntegrationUri is required for integration type ${type}.`);
  const timeout = Number(doc.timeoutInMillis);
  if (!Number.isInteger(timeout) || timeout < 50 || timeout > (websocket ? 29_000 : 30_000)) {
    throw badRequest(`Timeout must be between 50 milliseconds and ${websocket ? 29_000 : 30_000} milliseconds.`);
  }
}

export const INTEGRATIONS: PartSpec = {
  kind: 'integrations',
  singular: 'Integration',
  plural: 'Integrations',
  idField: 'integrationId',
  notFoundMessage: (ctx, api, id) => `Invalid Integration identifier specified ${ctx.accountId}:${api.apiId}:${id}`,
  create(_env, api, input) {
    const websocket = api.doc.protocolType === 'WEBSOCKET';
    const type = str(input, 'integrationType');
    const doc = merge(
      {
        connectionType: 'INTERNET',
        integrationId: newId(7),
        integrationMethod: type === 'AWS_PROXY' ? 'POST' : undefined,
        // HTTP APIs take payload format 1.0 unless told otherwise; WebSocket APIs only 1.0.
        payloadFormatVersion: '1.0',
        timeoutInMillis: websocket ? 29_000 : 30_000,
      },
      input,
      FIELDS,
    );
    if (doc.integrationMethod === undefined) delete doc.integrationMethod;
    if (websocket && doc.integrationResponseSelectionExpression === undefined && type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') {
      doc.integrationResponseSelectionExpression = '${integration.response.statuscode}';
    }
    check(api, doc);
    return doc;
  },
  update(_env, api, current, input) {
    const doc = merge(current, input, FIELDS);
    check(api, doc);
    return doc;
  },
  afterWrite: (env, api) => autoDeploy(env, api),
  afterDelete: (env, api) => autoDeploy(env, api),
};
