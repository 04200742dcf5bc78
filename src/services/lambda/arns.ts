import { AwsError } from '../../protocols/aws-error.js';
import { functionNotFound, invalidParameter, notFound, validationError } from './errors.js';

/** The FunctionName pattern of the Lambda model (names, partial ARNs and ARNs, with a qualifier). */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const FUNCTION_REF = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]+)$/;

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
  const region = m[3] ? m[3].slice(0, -1) : scope.region;
  const accountId = m[8] ? m[8].slice(0, -1) : scope.accountId;
  return { region, accountId, name: m[10]!, qualifier: m[12] };
}

/**
 * Parses the `FunctionName` of an API request (plus its `Qualifier` parameter) the way Lambda
 * validates it, throwing AWS's errors for malformed names, other regions and conflicting qualifiers.
 */
export function parseRequestFunctionName(raw: string | undefined, qualifierParam: string | null | undefined, scope: Scope): FunctionRef {
  if (raw === undefined || raw === '') throw validationError([`Value null at 'functionName' failed to satisfy constraint: Member must not be null`]);
  const parsed = parseFunctionRef(raw, scope);
  if (!parsed) {
    throw validationError([`Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`]);
  }
  if (raw.length > 140) {
    throw validationError([`Value '${raw}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`]);
  }
  if (parsed.name.length > 64) {
    throw invalidParameter(`1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  if (parsed.region !== scope.region) {
    throw notFound(`Functions from '${parsed.region}' are not reachable in this region ('${scope.region}')`);
  }
  const qualifier = qualifierParam ?? undefined;
  if (qualifier !== undefined) {
    const violations = [
      ...(QUALIFIER.test(qualifier) ? [] : ['Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)']),
      ...(qualifier.length > 128 ? ['Member must have length less than or equal to 128'] : []),
    ];
    if (violations.length > 0) {
      throw validationError(violations.map((rule) => `Value '${qualifier}' at 'qualifier' failed to satisfy constraint: ${rule}`));
    }
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
