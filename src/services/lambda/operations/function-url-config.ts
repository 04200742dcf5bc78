import type { AwsError } from '../../../protocols/aws-error.js';
import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { conflict, notFound } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { functionUrlOf, newUrlId } from '../function-urls.js';
import { page, pageParams } from '../pagination.js';
import type { FunctionUrlRow } from '../url-store.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

const QUALIFIER_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';
const AUTH_TYPES = ['NONE', 'AWS_IAM'];
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'];

/** A function URL belongs to the function or an alias, never to a version. */
const URL_QUALIFIER = structure({ Qualifier: { type: 'string', pattern: QUALIFIER_PATTERN } });
const UPDATE_URL = structure({
  AuthType: { type: 'string', enum: AUTH_TYPES },
  InvokeMode: { type: 'string', enum: INVOKE_MODES },
});
const CREATE_URL = structure({ ...UPDATE_URL.members, AuthType: { type: 'string', required: true, enum: AUTH_TYPES } });

interface UrlInput {
  AuthType?: string;
  Cors?: Record<string, unknown>;
  InvokeMode?: string;
}

/**
 * The function (or alias) a URL belongs to. AWS words a missing function or alias per operation:
 * "Function does not exist" when creating, updating or listing, the generic 404 otherwise.
 */
function target(
  lambda: LambdaContext,
  request: RestJsonRequest,
  ctx: RequestContext,
  missing: () => AwsError = missingUrl,
): { found: FoundFunction; qualifier: string; arn: string } {
  const ref = functionRefOf(request, ctx);
  assertValid(URL_QUALIFIER, { Qualifier: ref.qualifier });
  const found = lambda.functions.find(ref);
  if (!found) throw missing();
  return { found, qualifier: ref.qualifier ?? '', arn: functionArn(found.scope, found.name, ref.qualifier) };
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
const missingFunction = () => notFound('Function does not exist');

export const createFunctionUrlConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'CreateFunctionUrlConfig',
  method: 'POST',
  path: '/2021-10-31/functions/{FunctionName}/url',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as UrlInput;
    assertValid(CREATE_URL, input);
    const { found, qualifier, arn } = target(lambda, request, ctx, missingFunction);
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
    assertValid(UPDATE_URL, input);
    const { found, qualifier, arn } = target(lambda, request, ctx, missingFunction);
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
    const found = lambda.functions.find({ ...ref, qualifier: undefined });
    if (!found) throw missingFunction();
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
