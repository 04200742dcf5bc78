import { randomUUID } from 'node:crypto';
import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn, type Scope } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { assertValid, structure, type Shape } from '../../../protocols/constraints.js';
import { conflict, functionNotFound, invalidParameter, notFound, preconditionFailed, withoutType } from '../errors.js';
import { PATTERNS, SHAPES } from '../shapes.js';
import type { FoundFunction } from '../functions.js';
import { page, pageParams } from '../pagination.js';
import type { AliasRow } from '../store.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

const ALIAS_NAME: Shape = { type: 'string', required: true, length: { min: 1, max: 128 }, pattern: PATTERNS.Alias };
const FUNCTION_VERSION: Shape = { type: 'string', length: { min: 1, max: 1024 }, pattern: PATTERNS.VersionWithLatestPublished };
const ROUTING_CONFIG = structure({ AdditionalVersionWeights: SHAPES.AdditionalVersionWeights });

/** The alias name, from the body (CreateAlias) or the path. */
const ALIAS_REQUEST = structure({ Name: ALIAS_NAME });
const CREATE_ALIAS = structure({
  Name: ALIAS_NAME,
  FunctionVersion: { ...FUNCTION_VERSION, required: true },
  Description: SHAPES.Description,
  RoutingConfig: ROUTING_CONFIG,
});
const UPDATE_ALIAS = structure({ FunctionVersion: FUNCTION_VERSION, Description: SHAPES.Description, RoutingConfig: ROUTING_CONFIG });

interface AliasInput {
  Name?: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}

function aliasConfiguration(scope: Scope, name: string, row: AliasRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AliasArn: functionArn(scope, name, row.alias),
    Name: row.alias,
    FunctionVersion: row.functionVersion,
    Description: row.description,
    RevisionId: row.revisionId,
  };
  if (row.routing) out.RoutingConfig = { AdditionalVersionWeights: row.routing };
  return out;
}

function checkAliasName(alias: string | undefined): string {
  assertValid(ALIAS_REQUEST, { Name: alias });
  return alias!;
}

function functionOf(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): FoundFunction {
  const ref = functionRefOf(request, ctx, false);
  return lambda.functions.get({ ...ref, qualifier: undefined });
}

function checkVersion(lambda: LambdaContext, found: FoundFunction, version: string): void {
  if (!lambda.store.getVersion(found.scope, found.name, version)) throw functionNotFound(functionArn(found.scope, found.name, version));
}

/**
 * The service's own checks of a routing configuration (the model's bounds are checked before), in
 * AWS's order: one additional version at most, not from `$LATEST`, not the alias's own version.
 */
function checkRouting(functionVersion: string, routing: AliasInput['RoutingConfig']): Record<string, number> | undefined {
  const weights = routing?.AdditionalVersionWeights;
  if (!weights || Object.keys(weights).length === 0) return undefined;
  if (Object.keys(weights).length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
  if (functionVersion === '$LATEST') throw withoutType(invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version'));
  for (const version of Object.keys(weights)) {
    if (version === functionVersion) {
      throw invalidParameter(`Invalid function version ${version}. Function version ${version} is already included in routing configuration.`);
    }
  }
  return { ...weights };
}

/** Every version the routing names must exist. */
function checkRoutedVersions(lambda: LambdaContext, found: FoundFunction, routing: Record<string, number> | undefined): void {
  for (const version of Object.keys(routing ?? {})) checkVersion(lambda, found, version);
}

function getAliasRow(lambda: LambdaContext, found: FoundFunction, alias: string): AliasRow {
  const row = lambda.store.getAlias(found.scope, found.name, alias);
  if (!row) throw notFound(`Cannot find alias arn: ${functionArn(found.scope, found.name, alias)}`);
  return row;
}

export const createAlias = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'CreateAlias',
  method: 'POST',
  path: '/2015-03-31/functions/{FunctionName}/aliases',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as AliasInput;
    assertValid(CREATE_ALIAS, input);
    const alias = input.Name!;
    const found = functionOf(lambda, request, ctx);
    const routing = checkRouting(input.FunctionVersion!, input.RoutingConfig);
    checkVersion(lambda, found, input.FunctionVersion!);
    checkRoutedVersions(lambda, found, routing);
    if (lambda.store.getAlias(found.scope, found.name, alias)) {
      throw conflict(`Alias already exists: ${functionArn(found.scope, found.name, alias)}`);
    }
    const row: AliasRow = { alias, functionVersion: input.FunctionVersion!, description: input.Description ?? '', routing, revisionId: randomUUID() };
    lambda.store.putAlias(found.scope, found.name, row);
    return { status: 201, body: aliasConfiguration(found.scope, found.name, row) };
  },
});

export const getAlias = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetAlias',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
  async run(request, ctx) {
    const found = functionOf(lambda, request, ctx);
    const row = getAliasRow(lambda, found, checkAliasName(request.params.Name));
    return { body: aliasConfiguration(found.scope, found.name, row) };
  },
});

export const listAliases = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListAliases',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}/aliases',
  async run(request, ctx) {
    const found = functionOf(lambda, request, ctx);
    const version = request.query.get('FunctionVersion');
    const { max, after } = pageParams(request.query);
    const all = lambda.store.listAliases(found.scope, found.name).filter((a) => version === null || a.functionVersion === version);
    const { items, nextMarker } = page(all, (a) => a.alias, after, max);
    const body: Record<string, unknown> = { Aliases: items.map((a) => aliasConfiguration(found.scope, found.name, a)) };
    if (nextMarker) body.NextMarker = nextMarker;
    return { body };
  },
});

export const updateAlias = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UpdateAlias',
  method: 'PUT',
  path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as AliasInput;
    assertValid(UPDATE_ALIAS, input);
    const found = functionOf(lambda, request, ctx);
    const row = getAliasRow(lambda, found, checkAliasName(request.params.Name));
    if (input.RevisionId !== undefined && input.RevisionId !== row.revisionId) throw preconditionFailed();
    const functionVersion = input.FunctionVersion ?? row.functionVersion;
    const routing = input.RoutingConfig !== undefined ? checkRouting(functionVersion, input.RoutingConfig) : row.routing;
    if (input.FunctionVersion !== undefined) checkVersion(lambda, found, input.FunctionVersion);
    if (input.RoutingConfig !== undefined) checkRoutedVersions(lambda, found, routing);
    const next: AliasRow = {
      ...row,
      functionVersion,
      description: input.Description ?? row.description,
      routing,
      revisionId: randomUUID(),
    };
    lambda.store.putAlias(found.scope, found.name, next);
    return { body: aliasConfiguration(found.scope, found.name, next) };
  },
});

export const deleteAlias = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteAlias',
  method: 'DELETE',
  path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
  async run(request, ctx) {
    const found = functionOf(lambda, request, ctx);
    const alias = checkAliasName(request.params.Name);
    lambda.store.deleteAlias(found.scope, found.name, alias);
    lambda.functionDeleted(functionArn(found.scope, found.name), alias);
    return { status: 204 };
  },
});
