import type { ApiDocument, Deployment, Method, Resource, Snapshot, Stage } from '../model.js';
import type { ApiRequest } from './request.js';

/** Everything one data-plane request has resolved so far: the API, stage, route, caller and authorizer. */
export interface ApiCall {
  doc: ApiDocument;
  stage: Stage;
  deployment: Deployment;
  snapshot: Snapshot;
  request: ApiRequest;
  resource: Resource;
  method: Method;
  pathParameters: Record<string, string>;
  requestId: string;
  extendedRequestId: string;
  traceId: string;
  /** Epoch milliseconds the request arrived. */
  startedAt: number;
  domainName: string;
  /** The port the request came in on (`X-Forwarded-Port`). */
  port: string;
  /** What a Lambda authorizer returned: principalId and its context, for `requestContext.authorizer`. */
  authorizer?: Record<string, unknown>;
  /** The API key the caller presented and that was accepted. */
  apiKey?: { id: string; value: string };
  /** The function the integration ran, for the request's observation. */
  functionArn?: string;
}

/** `10/Mar/2020:00:03:59 +0000` */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** `requestContext.identity` of the proxy event (and `$context.identity`). */
export function identityOf(call: ApiCall): Record<string, unknown> {
  const signed = /Credential=([^/,\s]+)/.exec(call.request.header('authorization') ?? '');
  return {
    cognitoIdentityPoolId: null,
    accountId: signed ? call.doc.accountId : null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: call.request.sourceIp,
    principalOrgId: null,
    accessKey: signed ? signed[1] : null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: call.request.header('user-agent') ?? null,
    user: null,
    apiKey: call.apiKey?.value ?? null,
    apiKeyId: call.apiKey?.id ?? null,
    clientCert: null,
  };
}

/** `requestContext` of the payload 1.0 event, field for field as API Gateway sends it. */
export function requestContextOf(call: ApiCall): Record<string, unknown> {
  const context: Record<string, unknown> = {
    resourceId: call.resource.id,
    resourcePath: call.resource.path,
    httpMethod: call.request.httpMethod,
    extendedRequestId: call.extendedRequestId,
    requestTime: clfTime(call.startedAt),
    path: `/${call.stage.stageName}${call.request.path}`,
    accountId: call.doc.accountId,
    protocol: call.request.protocol,
    stage: call.stage.stageName,
    domainPrefix: call.domainName.split('.')[0],
    requestTimeEpoch: call.startedAt,
    requestId: call.requestId,
    identity: identityOf(call),
    domainName: call.domainName,
    deploymentId: call.deployment.id,
    apiId: call.doc.api.id,
  };
  if (call.authorizer) context.authorizer = call.authorizer;
  return context;
}

/** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`: what an authorizer's policy is checked against. */
export function methodArn(call: ApiCall): string {
  return `arn:aws:execute-api:${call.doc.region}:${call.doc.accountId}:${call.doc.api.id}/${call.stage.stageName}/${call.request.httpMethod}${call.request.path}`;
}
