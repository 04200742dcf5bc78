/**
 * Resource-based policy evaluation for a caller from another account, as AWS does it for the
 * simple cases: an explicit Deny wins, otherwise an Allow statement must name the caller's account
 * (or `*`) as principal, match the action and the resource. Statements with conditions never
 * grant (they belong to service principals: source account and ARN checks).
 */
export interface PolicyQuestion {
  action: string;
  /** The caller's account. */
  accountId: string;
  resourceArn: string;
}

type Statement = Record<string, unknown>;

const wildcard = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\\\?/g, '.')}$`,
    'i',
  ).test(value);

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function principalMatches(principal: unknown, accountId: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return listOf((principal as { AWS?: unknown }).AWS).some(
    (p) => p === '*' || p === accountId || (typeof p === 'string' && new RegExp(`^arn:aws:(iam|sts)::${accountId}:`).test(p)),
  );
}

function statementMatches(statement: Statement, q: PolicyQuestion): boolean {
  if (!principalMatches(statement.Principal, q.accountId)) return false;
  if (!listOf(statement.Action).some((a) => typeof a === 'string' && wildcard(a, q.action))) return false;
  const resources = listOf(statement.Resource);
  return resources.length === 0 || resources.some((r) => typeof r === 'string' && wildcard(r, q.resourceArn));
}

export function statementsAllow(statements: readonly Statement[], q: PolicyQuestion): boolean {
  if (statements.some((s) => s.Effect === 'Deny' && statementMatches(s, q))) return false;
  return statements.some((s) => s.Effect === 'Allow' && s.Condition === undefined && statementMatches(s, q));
}

/** A policy document (JSON text, as SQS and S3 keep it); a missing or unreadable one allows nothing. */
export function policyAllows(document: string | undefined, q: PolicyQuestion): boolean {
  if (!document) return false;
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    return statementsAllow(listOf(parsed.Statement) as Statement[], q);
  } catch {
    return false;
  }
}
