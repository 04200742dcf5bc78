import { AwsError } from '../../protocols/aws-error.js';
import type { RequestContext } from '../../server/request-context.js';
import { functionArn, type FunctionRef } from './arns.js';
import type { LambdaStore } from './store.js';

/** The IAM action an operation needs on the function (`Invoke` is `lambda:InvokeFunction`). */
function actionOf(operation: string | undefined): string {
  if (operation === 'Invoke' || operation === 'InvokeAsync' || operation === 'InvokeWithResponseStream') return 'lambda:InvokeFunction';
  return `lambda:${operation ?? 'Unknown'}`;
}

const matches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(value);

function principalAllows(principal: unknown, accountId: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  const list = Array.isArray(aws) ? aws : [aws];
  return list.some((p) => p === '*' || p === accountId || p === `arn:aws:iam::${accountId}:root`);
}

function statementAllows(statement: Record<string, unknown>, action: string, accountId: string): boolean {
  if (statement.Effect !== 'Allow' || statement.Condition !== undefined) return false;
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  if (!actions.some((a) => typeof a === 'string' && matches(a, action))) return false;
  return principalAllows(statement.Principal, accountId);
}

/**
 * Under `--enforce-auth`, a call on another account's function goes through only when that
 * function's resource policy (AddPermission statements of the function, or of the qualifier
 * named) allows the caller's account the operation's action, as AWS evaluates a resource-based
 * policy for a cross-account caller. Statements with conditions (service principals' source
 * checks) never grant it.
 */
export function crossAccountGuard(store: LambdaStore, ctx: RequestContext): (ref: FunctionRef) => void {
  return (ref) => {
    const action = actionOf(ctx.operation);
    const policies = [store.getPolicy(ref, ref.name, ''), ref.qualifier ? store.getPolicy(ref, ref.name, ref.qualifier) : undefined];
    if (policies.some((p) => p?.statements.some((s) => statementAllows(s, action, ctx.accountId)))) return;
    const resource = functionArn(ref, ref.name, ref.qualifier);
    throw new AwsError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
      403,
    );
  };
}
