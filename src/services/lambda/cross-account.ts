import { statementsAllow } from '../../auth/resource-policy.js';
import { AwsError } from '../../protocols/aws-error.js';
import type { RequestContext } from '../../server/request-context.js';
import { functionArn, type FunctionRef } from './arns.js';
import type { LambdaStore } from './store.js';

/** The IAM action an operation needs on the function (`Invoke` is `lambda:InvokeFunction`). */
function actionOf(operation: string | undefined): string {
  if (operation === 'Invoke' || operation === 'InvokeAsync' || operation === 'InvokeWithResponseStream') return 'lambda:InvokeFunction';
  return `lambda:${operation ?? 'Unknown'}`;
}

/**
 * Under `--enforce-auth`, a call on another account's function goes through only when that
 * function's resource policy (AddPermission statements of the function, or of the qualifier
 * named) allows the caller's account the operation's action, as AWS evaluates a resource-based
 * policy for a cross-account caller.
 */
export function crossAccountGuard(store: LambdaStore, ctx: RequestContext): (ref: FunctionRef) => void {
  return (ref) => {
    const action = actionOf(ctx.operation);
    const resource = functionArn(ref, ref.name, ref.qualifier);
    const question = { action, accountId: ctx.accountId, resourceArn: resource };
    const policies = [store.getPolicy(ref, ref.name, ''), ref.qualifier ? store.getPolicy(ref, ref.name, ref.qualifier) : undefined];
    // A function's own statements name it (or its qualifier) as Resource; both are granted here.
    if (
      policies.some(
        (p) =>
          p &&
          statementsAllow(
            p.statements.map((st) => ({ ...st, Resource: undefined })),
            question,
          ),
      )
    )
      return;
    throw new AwsError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
      403,
    );
  };
}

/**
 * Under `--enforce-auth`, an `AWS_IAM` function URL signed by another account is served only when
 * the function's policy allows that account `lambda:InvokeFunctionUrl`. AddPermission's
 * `FunctionUrlAuthType` becomes a condition on the URL's auth type, which is checked here.
 */
export function functionUrlAllowed(store: LambdaStore, owner: FunctionRef, authType: string, accountId: string): boolean {
  const question = { action: 'lambda:InvokeFunctionUrl', accountId, resourceArn: functionArn(owner, owner.name, owner.qualifier) };
  const policies = [store.getPolicy(owner, owner.name, ''), owner.qualifier ? store.getPolicy(owner, owner.name, owner.qualifier) : undefined];
  return policies.some(
    (p) =>
      p &&
      statementsAllow(
        p.statements.flatMap((st) => urlStatement(st, authType)),
        question,
      ),
  );
}

function urlStatement(statement: Record<string, unknown>, authType: string): Record<string, unknown>[] {
  const { Condition, Resource: _resource, ...rest } = statement;
  if (Condition === undefined) return [rest];
  const only = Condition as Record<string, Record<string, unknown>>;
  const keys = Object.keys(only);
  const equals = only.StringEquals;
  if (keys.length === 1 && equals && Object.keys(equals).length === 1 && equals['lambda:FunctionUrlAuthType'] === authType) return [rest];
  return [];
}
