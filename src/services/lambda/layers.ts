import { AwsError } from '../../protocols/aws-error.js';
import type { Scope } from './arns.js';
import { assertValid, structure } from '../../protocols/constraints.js';
import { invalidParameter } from './errors.js';
import type { LayerVersionRow } from './layer-store.js';
import type { LambdaStore } from './store.js';

export const LAYER_VERSION_ARN_PATTERN = 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+';
const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)$/;

/** A function's `Layers`: a list of layer version ARNs. */
const FUNCTION_LAYERS = structure({
  Layers: { type: 'list', member: { type: 'string', length: { min: 1, max: 140 }, pattern: LAYER_VERSION_ARN_PATTERN } },
});

export interface LayerRef extends Scope {
  name: string;
  version: number;
}

/** A function's reference to one layer version, as FunctionConfiguration lists it. */
export interface FunctionLayer {
  Arn: string;
  CodeSize: number;
}

export function layerArn(scope: Scope, name: string, version?: number): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:layer:${name}${version === undefined ? '' : `:${version}`}`;
}

export function parseLayerVersionArn(arn: string): LayerRef | undefined {
  const m = LAYER_VERSION_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]!, version: Number(m[4]) } : undefined;
}

/**
 * Checks the `Layers` of CreateFunction / UpdateFunctionConfiguration and records each one's size.
 * Layers of the caller's own account must exist; layers shared from other accounts (public
 * layers) are accepted as references without content, since Tributary cannot fetch them.
 */
export function resolveFunctionLayers(store: LambdaStore, scope: Scope, arns: readonly string[], enforceAuth = false): FunctionLayer[] {
  assertValid(FUNCTION_LAYERS, { Layers: arns });
  const refs = arns.map((arn) => ({ arn, ref: parseLayerVersionArn(arn)! }));
  if (refs.length > 5) throw invalidParameter('Cannot reference more than 5 layers.');
  refs.forEach((a, i) => {
    const other = refs.slice(i + 1).find((b) => b.ref.name === a.ref.name && b.ref.accountId === a.ref.accountId && b.ref.region === a.ref.region);
    if (other) {
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${a.arn} and ${other.arn} are versions of the same layer.`,
      );
    }
  });
  return refs.map(({ arn, ref }) => {
    const own = ref.accountId === scope.accountId && ref.region === scope.region;
    const layer = own ? store.layers.get(ref, ref.name, ref.version) : undefined;
    if (own && !layer) throw invalidParameter(`Layer version ${arn} does not exist.`);
    // Under --enforce-auth another account's layer held here needs a layer permission, which
    // Tributary does not keep (no AddLayerVersionPermission): it stays private to its account.
    if (enforceAuth && !own && store.layers.get(ref, ref.name, ref.version)) {
      throw new AwsError(
        'AccessDeniedException',
        `User: arn:aws:iam::${scope.accountId}:root is not authorized to perform: lambda:GetLayerVersion on resource: ${arn} because no resource-based policy allows the lambda:GetLayerVersion action`,
        403,
      );
    }
    return { Arn: arn, CodeSize: layer?.code.size ?? 0 };
  });
}

/** The stored layer versions behind a function's layers (missing ones, e.g. foreign, are skipped). */
export function layerVersionsOf(store: LambdaStore, layers: readonly FunctionLayer[]): LayerVersionRow[] {
  return layers.flatMap((l) => {
    const ref = parseLayerVersionArn(l.Arn);
    const layer = ref && store.layers.get(ref, ref.name, ref.version, true);
    return layer ? [layer] : [];
  });
}
