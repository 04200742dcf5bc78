import type { AwsError } from '../../protocols/aws-error.js';
import { assertValid, constraint, structure, validationMessage } from '../../protocols/constraints.js';
import { functionNotFound, invalidParameter, notFound } from './errors.js';
import { PATTERNS, required, SHAPES } from './shapes.js';

/** The FunctionName pattern of the Lambda model (names, partial ARNs and ARNs, with a qualifier). */
export const FUNCTION_NAME_PATTERN = PATTERNS.FunctionName;
/** A reference taken apart: region, account, name and qualifier (what both name shapes allow). */
const FUNCTION_REF =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]+)$/;

/** The `FunctionName` and `Qualifier` of most function operations. */
const FUNCTION_REQUEST = structure({
  FunctionName: required(SHAPES.FunctionName),
  // The model quotes `(|[a-zA-Z0-9$_-]+)`; Lambda accepts only `$LATEST` or a version or alias name.
  Qualifier: { ...SHAPES.Qualifier, matches: QUALIFIER },
});
/** Get/Delete/Invoke and the policy operations take the namespaced name (256 characters, dots). */
const NAMESPACED_FUNCTION_REQUEST = structure({
  FunctionName: required(SHAPES.NamespacedFunctionName),
  Qualifier: SHAPES.NumericLatestPublishedOrAliasQualifier,
});
const MAX_NAME_LENGTH = 64;

export interface Scope {
  accountId: string;
  region: string;
}

/** A function reference taken apart: where it lives, its name, and a qualifier when one was given. */
export interface FunctionRef extends Scope {
  name: string;
  qualifier?: string;
}

export function functionArn(scope: Scope, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

/** Parses a reference without validating it as the API would; undefined when it cannot be one. */
export function parseFunctionRef(ref: string, scope: Scope): FunctionRef | undefined {
  const m = FUNCTION_REF.exec(ref);
  if (!m) return undefined;
  return { region: m[1] ?? scope.region, accountId: m[2] ?? scope.accountId, name: m[3]!, qualifier: m[4] };
}

/**
 * Parses the `FunctionName` of an API request (plus its `Qualifier` parameter) the way Lambda
 * validates it, throwing AWS's errors for malformed names, other regions and conflicting qualifiers.
 */
export function parseRequestFunctionName(raw: string | undefined, qualifierParam: string | null | undefined, scope: Scope, namespaced = false): FunctionRef {
  const qualifier = qualifierParam ?? undefined;
  assertValid(namespaced ? NAMESPACED_FUNCTION_REQUEST : FUNCTION_REQUEST, { FunctionName: raw === '' ? undefined : raw, Qualifier: qualifier });
  const parsed = parseFunctionRef(raw!, scope);
  // Past the model's pattern, a name no function can have is simply not found (AWS, Get/Delete).
  if (!parsed) throw functionNotFound(`arn:aws:lambda:${scope.region}:${scope.accountId}:function:${raw}`);
  // The model allows 140 characters (ARNs); Lambda then limits the name itself, as a parameter error.
  // The namespaced operations take any length the model allows: a longer name is not found.
  if (!namespaced && parsed.name.length > MAX_NAME_LENGTH) {
    throw invalidParameter(validationMessage([{ at: 'functionName', value: raw, constraint: constraint.lengthAtMost(MAX_NAME_LENGTH) }]));
  }
  if (parsed.region !== scope.region) {
    throw notFound(`Functions from '${parsed.region}' are not reachable in this region ('${scope.region}')`);
  }
  if (qualifier !== undefined) {
    if (parsed.qualifier !== undefined && parsed.qualifier !== qualifier) {
      throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
    parsed.qualifier = qualifier;
  }
  return parsed;
}

/** `Function not found: <arn>` with the qualifier when one was given. */
export function notFoundFor(ref: FunctionRef): AwsError {
  return functionNotFound(functionArn(ref, ref.name, ref.qualifier));
}

/** A qualified reference that is not there: "Cannot find alias arn" for an alias, "Function not found" for a version. */
export function qualifiedNotFound(ref: FunctionRef): AwsError {
  const arn = functionArn(ref, ref.name, ref.qualifier);
  return ref.qualifier === undefined || /^\d+$/.test(ref.qualifier) || ref.qualifier === '$LATEST'
    ? functionNotFound(arn)
    : notFound(`Cannot find alias arn: ${arn}`);
}
