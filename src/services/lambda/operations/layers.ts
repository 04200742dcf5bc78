import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import type { Scope } from '../arns.js';
import type { CodeInput } from '../code.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { assertValid, constraint, structure, validate, validationException, type Violation } from '../../../protocols/constraints.js';
import { invalidParameter, notFound, tooLarge } from '../errors.js';
import { LAYER_VERSION_ARN_PATTERN, layerArn, parseLayerVersionArn } from '../layers.js';
import { lambdaTimestamp } from '../model.js';
import { encodeMarker, pageParams } from '../pagination.js';
import type { LayerVersionRow } from '../layer-store.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { RUNTIMES, SHAPES } from '../shapes.js';
import { codeLocation } from './code-download.js';

const LAYER_NAME = /^(?:arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:)?([a-zA-Z0-9-_]+)$/;
const LAYER_NAME_PATTERN = '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+';
const missing = () => notFound('The resource you requested does not exist.');

const LAYER_NAME_REQUEST = structure({ LayerName: { type: 'string', required: true, length: { min: 1, max: 140 }, pattern: LAYER_NAME_PATTERN } });
const PUBLISH_CONTENT = structure({ Content: { type: 'structure', required: true, members: {} } });
const LAYER_VERSION_BY_ARN = structure({ Arn: { type: 'string', required: true, length: { min: 1, max: 140 }, pattern: LAYER_VERSION_ARN_PATTERN } });

export function layerNameOf(request: RestJsonRequest): string {
  const raw = request.params.LayerName ?? '';
  assertValid(LAYER_NAME_REQUEST, { LayerName: raw });
  const m = LAYER_NAME.exec(raw)!;
  return m[1]!;
}

export function versionOf(request: RestJsonRequest): number {
  const raw = request.params.VersionNumber ?? '';
  const n = Number(raw);
  if (/^-?\d+$/.test(raw) && n < 1) throw invalidParameter('Layer Version Cannot be less than 1');
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw missing();
  return n;
}

const LIST_FILTERS = structure({ CompatibleRuntime: SHAPES.Runtime, CompatibleArchitecture: SHAPES.Architecture });
const COMPATIBLE_ARCHITECTURES = structure({
  CompatibleArchitectures: { type: 'list', length: { min: 0, max: 2 }, member: SHAPES.Architecture },
});

/** The list filters, checked against the model's enums. */
function listFilters(request: RestJsonRequest): { runtime: string | null; architecture: string | null } {
  const runtime = request.query.get('CompatibleRuntime');
  const architecture = request.query.get('CompatibleArchitecture');
  assertValid(LIST_FILTERS, { CompatibleRuntime: runtime ?? undefined, CompatibleArchitecture: architecture ?? undefined });
  return { runtime, architecture };
}

/**
 * A layer may name any runtime of the model, deprecated ones included. AWS quotes the runtime
 * enum against the whole list (not per member, as for architectures).
 */
function checkCompatibility(input: { CompatibleRuntimes?: unknown; CompatibleArchitectures?: unknown }): void {
  const violations: Violation[] = [];
  const runtimes = input.CompatibleRuntimes;
  if (Array.isArray(runtimes) && runtimes.some((r) => !(RUNTIMES as readonly unknown[]).includes(r))) {
    violations.push({ at: 'compatibleRuntimes', value: runtimes, constraint: constraint.enum(RUNTIMES) });
  }
  violations.push(...validate(COMPATIBLE_ARCHITECTURES, input));
  if (violations.length > 0) throw validationException(violations);
}

function listItem(scope: Scope, layer: LayerVersionRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    LayerVersionArn: layerArn(scope, layer.name, layer.version),
    Version: layer.version,
    Description: layer.description,
    CreatedDate: lambdaTimestamp(layer.createdDate),
  };
  if (layer.compatibleRuntimes) out.CompatibleRuntimes = layer.compatibleRuntimes;
  if (layer.licenseInfo !== undefined) out.LicenseInfo = layer.licenseInfo;
  if (layer.compatibleArchitectures) out.CompatibleArchitectures = layer.compatibleArchitectures;
  return out;
}

function layerVersionBody(lambda: LambdaContext, scope: Scope, layer: LayerVersionRow): Record<string, unknown> {
  const { LayerVersionArn, ...rest } = listItem(scope, layer);
  return {
    Content: { Location: codeLocation(lambda, layer.code), CodeSha256: layer.code.sha256, CodeSize: layer.code.size },
    LayerArn: layerArn(scope, layer.name),
    LayerVersionArn,
    ...rest,
  };
}

export const publishLayerVersion = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'PublishLayerVersion',
  method: 'POST',
  path: '/2018-10-31/layers/{LayerName}/versions',
  maxBodyBytes: 70_167_211,
  tooLarge: (limit) => tooLarge(limit, 'PublishLayerVersion'),
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as {
      Content?: CodeInput;
      Description?: string;
      CompatibleRuntimes?: string[];
      CompatibleArchitectures?: string[];
      LicenseInfo?: string;
    };
    const name = layerNameOf(request);
    assertValid(PUBLISH_CONTENT, input);
    checkCompatibility(input);
    const scope = scopeOf(ctx);
    const code = await lambda.code.accept(input.Content!, scope);
    const layer = lambda.store.layers.insert(scope, name, (version) => ({
      name,
      version,
      description: input.Description ?? '',
      createdDate: lambda.deps.clock.now(),
      compatibleRuntimes: input.CompatibleRuntimes,
      compatibleArchitectures: input.CompatibleArchitectures,
      licenseInfo: input.LicenseInfo,
      code,
    }));
    return { status: 201, body: layerVersionBody(lambda, scope, layer) };
  },
});

export const getLayerVersion = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetLayerVersion',
  method: 'GET',
  path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}',
  async run(request, ctx) {
    const scope = scopeOf(ctx);
    const layer = lambda.store.layers.get(scope, layerNameOf(request), versionOf(request));
    if (!layer) throw missing();
    return { body: layerVersionBody(lambda, scope, layer) };
  },
});

export const deleteLayerVersion = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteLayerVersion',
  method: 'DELETE',
  path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}',
  async run(request, ctx) {
    const scope = scopeOf(ctx);
    const name = layerNameOf(request);
    const version = versionOf(request);
    lambda.store.layers.delete(scope, name, version);
    lambda.store.layerPolicies.delete(scope, name, version);
    return { status: 204 };
  },
});

export const listLayerVersions = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListLayerVersions',
  method: 'GET',
  path: '/2018-10-31/layers/{LayerName}/versions',
  async run(request, ctx) {
    const scope = scopeOf(ctx);
    const { runtime, architecture } = listFilters(request);
    const { max, after } = pageParams(request.query);
    const all = lambda.store.layers
      .list(scope, layerNameOf(request))
      .filter(
        (l) => (runtime === null || l.compatibleRuntimes?.includes(runtime)) && (architecture === null || l.compatibleArchitectures?.includes(architecture)),
      );
    const start = after ? all.findIndex((l) => String(l.version) === after) + 1 : 0;
    const items = all.slice(start, start + max);
    const body: Record<string, unknown> = { LayerVersions: items.map((l) => listItem(scope, l)) };
    if (start + max < all.length && items.length > 0) body.NextMarker = encodeMarker(String(items[items.length - 1]!.version));
    return { body };
  },
});

/** `GET /2018-10-31/layers` is ListLayers, or GetLayerVersionByArn with `?find=LayerVersion&Arn=`. */
export const listLayers = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListLayers',
  method: 'GET',
  path: '/2018-10-31/layers',
  async run(request, ctx) {
    if (request.query.get('find') === 'LayerVersion') return getLayerVersionByArn(lambda, request, ctx);
    const scope = scopeOf(ctx);
    const { runtime, architecture } = listFilters(request);
    const { max, after } = pageParams(request.query);
    const latest = new Map<string, LayerVersionRow>();
    for (const l of lambda.store.layers.list(scope)) {
      const matches =
        (runtime === null || l.compatibleRuntimes?.includes(runtime)) && (architecture === null || l.compatibleArchitectures?.includes(architecture));
      if (matches && !latest.has(l.name)) latest.set(l.name, l);
    }
    const all = [...latest.values()];
    const start = after ? all.findIndex((l) => l.name === after) + 1 : 0;
    const items = all.slice(start, start + max);
    const body: Record<string, unknown> = {
      Layers: items.map((l) => ({ LayerName: l.name, LayerArn: layerArn(scope, l.name), LatestMatchingVersion: listItem(scope, l) })),
    };
    if (start + max < all.length && items.length > 0) body.NextMarker = encodeMarker(items[items.length - 1]!.name);
    return { body };
  },
});

async function getLayerVersionByArn(lambda: LambdaContext, request: RestJsonRequest, _ctx: RequestContext) {
  const arn = request.query.get('Arn') ?? undefined;
  assertValid(LAYER_VERSION_BY_ARN, { Arn: arn });
  const ref = parseLayerVersionArn(arn!)!;
  const layer = lambda.store.layers.get(ref, ref.name, ref.version);
  if (!layer) throw missing();
  return { body: layerVersionBody(lambda, ref, layer) };
}
