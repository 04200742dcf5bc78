import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { AwsError } from '../../../protocols/aws-error.js';
import { functionArn, qualifiedNotFound, type FunctionRef } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { conflict, functionNotFound, invalidParameter } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { lambdaTimestamp } from '../model.js';
import { page, pageParams } from '../pagination.js';
import type { ProvisionedRow } from '../provisioned-store.js';
import { required, SHAPES } from '../shapes.js';

const PATH = '/2019-09-30/functions/{FunctionName}/provisioned-concurrency';
const QUALIFIED = structure({ Qualifier: required(SHAPES.Qualifier) });
const PUT = structure({ ProvisionedConcurrentExecutions: required(SHAPES.PositiveInteger) });

const configNotFound = () => new AwsError('ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function', 404);

/** The version or alias a config belongs to; `$LATEST` never has one (`latest` words why, per operation). */
function target(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext, latest: string): { found: FoundFunction; ref: FunctionRef } {
  const ref = functionRefOf(request, ctx);
  assertValid(QUALIFIED, { Qualifier: ref.qualifier });
  if (ref.qualifier === '$LATEST') throw invalidParameter(latest);
  const found = lambda.functions.find(ref);
  if (!found) throw qualifiedNotFound(ref);
  return { found, ref };
}

function describe(row: ProvisionedRow): Record<string, unknown> {
  const ready = row.status === 'READY';
  return {
    RequestedProvisionedConcurrentExecutions: row.requested,
    AvailableProvisionedConcurrentExecutions: ready ? row.requested : 0,
    AllocatedProvisionedConcurrentExecutions: ready ? row.requested : 0,
    Status: row.status,
    LastModified: lambdaTimestamp(row.lastModified),
  };
}

const NOT_ON_LATEST_GET = 'The function resource provided must be an alias or a published version.';

export const putProvisionedConcurrencyConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'PutProvisionedConcurrencyConfig',
  method: 'PUT',
  path: PATH,
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { ProvisionedConcurrentExecutions?: number };
    assertValid(PUT, input);
    const { found, ref } = target(lambda, request, ctx, 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
    const qualifier = ref.qualifier!;
    const isAlias = !/^\d+$/.test(qualifier);
    // A version is provisioned once: either itself or through one alias that points to it.
    if (isAlias) {
      if (lambda.store.provisioned.get(found.scope, found.name, found.version)) {
        throw conflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
      }
    } else {
      const viaAlias = lambda.store
        .listAliases(found.scope, found.name)
        .some((a) => a.functionVersion === qualifier && lambda.store.provisioned.get(found.scope, found.name, a.alias));
      if (viaAlias) throw conflict('Version is pointed by a Provisioned Concurrency alias');
    }
    const row: ProvisionedRow = { qualifier, requested: input.ProvisionedConcurrentExecutions!, status: 'IN_PROGRESS', lastModified: lambda.deps.clock.now() };
    lambda.store.provisioned.put(found.scope, found.name, row);
    // Allocation takes minutes on AWS; here the instances are started on demand, so it is at once.
    setImmediate(() => lambda.store.provisioned.ready(found.scope, found.name, qualifier, row.lastModified));
    return { status: 202, body: describe(row) };
  },
});

/** GET on the path is GetProvisionedConcurrencyConfig, or ListProvisionedConcurrencyConfigs with `?List=ALL`. */
export const getProvisionedConcurrencyConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetProvisionedConcurrencyConfig',
  method: 'GET',
  path: PATH,
  async run(request, ctx) {
    if (request.query.get('List') === 'ALL') {
      ctx.operation = 'ListProvisionedConcurrencyConfigs';
      return listConfigs(lambda, request, ctx);
    }
    const { found, ref } = target(lambda, request, ctx, NOT_ON_LATEST_GET);
    const row = lambda.store.provisioned.get(found.scope, found.name, ref.qualifier!);
    if (!row) throw configNotFound();
    return { body: describe(row) };
  },
});

function listConfigs(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): { body: unknown } {
  const ref = functionRefOf(request, ctx, false);
  const found = lambda.functions.find({ ...ref, qualifier: undefined });
  if (!found) throw functionNotFound(functionArn(ref, ref.name));
  const { max, after } = pageParams(request.query);
  const { items, nextMarker } = page(lambda.store.provisioned.list(found.scope, found.name), (r) => r.qualifier, after, max);
  const body: Record<string, unknown> = {
    ProvisionedConcurrencyConfigs: items.map((r) => ({ FunctionArn: functionArn(found.scope, found.name, r.qualifier), ...describe(r) })),
  };
  if (nextMarker) body.NextMarker = nextMarker;
  return { body };
}

export const deleteProvisionedConcurrencyConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteProvisionedConcurrencyConfig',
  method: 'DELETE',
  path: PATH,
  async run(request, ctx) {
    const { found, ref } = target(lambda, request, ctx, NOT_ON_LATEST_GET);
    lambda.store.provisioned.delete(found.scope, found.name, ref.qualifier!);
    return { status: 204 };
  },
});
