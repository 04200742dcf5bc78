import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { conflict, notFound, validationError } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { functionUrlOf, newUrlId } from '../function-urls.js';
import { page, pageParams } from '../pagination.js';
import type { FunctionUrlRow } from '../url-store.js';
import { parseJsonBody } from '../validation.js';

const QUALIFIER_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';
const AUTH_TYPES = ['NONE', 'AWS_IAM'];
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'];

interface UrlInput {
  AuthType?: string;
  Cors?: Record<string, unknown>;
  InvokeMode?: string;
}

function target(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): { found: FoundFunction; qualifier: string; arn: string } {
  const ref = functionRefOf(request, ctx);
  if (ref.qualifier !== undefined && !/^(?!\d+$)[0-9a-zA-Z-_]+$/.test(ref.qualifier)) {
    throw validationError([`Value '${ref.qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`]);
  }
  const found = lambda.functions.get(ref);
  return { found, qualifier: ref.qualifier ?? '', arn: functionArn(found.scope, found.name, ref.qualifier) };
}

function checkInput(input: UrlInput, creating: boolean): void {
  const violations: string[] = [];
  if (input.AuthType === undefined && creating) violations.push(`Value null at 'authType' failed to satisfy constraint: Member must not be null`);
  if (input.AuthType !== undefined && !AUTH_TYPES.includes(input.AuthType)) {
    violations.push(`Value '${input.AuthType}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [${AUTH_TYPES.join(', ')}]`);
  }
  if (input.InvokeMode !== undefined && !INVOKE_MODES.includes(input.InvokeMode)) {
    violations.push(`Value '${input.InvokeMode}' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [${INVOKE_MODES.join(', ')}]`);
  }
  if (violations.length > 0) throw validationError(violations);
}

function urlConfig(lambda: LambdaContext, found: FoundFunction, arn: string, url: FunctionUrlRow, withModified: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FunctionUrl: functionUrlOf(lambda, url.urlId, found.scope.region),
    FunctionArn: arn,
    AuthType: url.authType,
  };
  if (url.cors) out.Cors = url.cors;
  out.CreationTime = new Date(url.creationTime).toISOString();
  if (withModified) out.LastModifiedTime = new Date(url.lastModifiedTime).toISOString();
  out.InvokeMode = url.invokeMode;
  return out;
}

const missingUrl = () => notFound('The resource you requested does not exist.');

export const createFunctionUrlConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'CreateFunctionUrlConfig',
  method: 'POST',
  path: '/2021-10-31/functions/{FunctionName}/url',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as UrlInput;
    checkInput(input, true);
    const { found, qualifier, arn } = target(lambda, request, ctx);
    if (lambda.store.urls.get(found.scope, found.name, qualifier)) {
      throw conflict(`Failed to create function url config for [functionArn = ${arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
    }
    const now = lambda.deps.clock.now();
    const url: FunctionUrlRow = {
      qualifier,
      urlId: newUrlId(),
      authType: input.AuthType!,
      invokeMode: input.InvokeMode ?? 'BUFFERED',
      cors: input.Cors,
      creationTime: now,
      lastModifiedTime: now,
    };
    lambda.store.urls.put(found.scope, found.name, url);
    return { status: 201, body: urlConfig(lambda, found, arn, url, false) };
  },
});

export const getFunctionUrlConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetFunctionUrlConfig',
  method: 'GET',
  path: '/2021-10-31/functions/{FunctionName}/url',
  async run(request, ctx) {
    const { found, qualifier, arn } = target(lambda, request, ctx);
    const url = lambda.store.urls.get(found.scope, found.name, qualifier);
    if (!url) throw missingUrl();
    return { body: urlConfig(lambda, found, arn, url, true) };
  },
});

export const updateFunctionUrlConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UpdateFunctionUrlConfig',
  method: 'PUT',
  path: '/2021-10-31/functions/{FunctionName}/url',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as UrlInput;
    checkInput(input, false);
    const { found, qualifier, arn } = target(lambda, request, ctx);
    const url = lambda.store.urls.get(found.scope, found.name, qualifier);
    if (!url) throw missingUrl();
    const next: FunctionUrlRow = {
      ...url,
      authType: input.AuthType ?? url.authType,
      invokeMode: input.InvokeMode ?? url.invokeMode,
      cors: input.Cors ?? url.cors,
      lastModifiedTime: lambda.deps.clock.now(),
    };
    lambda.store.urls.put(found.scope, found.name, next);
    return { body: urlConfig(lambda, found, arn, next, true) };
  },
});

export const deleteFunctionUrlConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteFunctionUrlConfig',
  method: 'DELETE',
  path: '/2021-10-31/functions/{FunctionName}/url',
  async run(request, ctx) {
    const { found, qualifier } = target(lambda, request, ctx);
    if (!lambda.store.urls.get(found.scope, found.name, qualifier)) throw missingUrl();
    lambda.store.urls.delete(found.scope, found.name, qualifier);
    return { status: 204 };
  },
});

export const listFunctionUrlConfigs = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListFunctionUrlConfigs',
  method: 'GET',
  path: '/2021-10-31/functions/{FunctionName}/urls',
  async run(request, ctx) {
    const ref = functionRefOf(request, ctx, false);
    const found = lambda.functions.get({ ...ref, qualifier: undefined });
    const { max, after } = pageParams(request.query);
    const all = lambda.store.urls.list(found.scope, found.name);
    const { items, nextMarker } = page(all, (u) => u.qualifier, after, max);
    const body: Record<string, unknown> = {
      FunctionUrlConfigs: items.map((u) => urlConfig(lambda, found, functionArn(found.scope, found.name, u.qualifier || undefined), u, true)),
    };
    if (nextMarker) body.NextMarker = nextMarker;
    return { body };
  },
});
