import { AwsError } from '../../protocols/aws-error.js';
import type { RestJsonOperation, RestJsonRequest } from '../../protocols/rest-json.js';
import type { RequestContext } from '../../server/request-context.js';
import type { ServiceDeps } from '../deps.js';
import { parseRequestFunctionName, type FunctionRef, type Scope } from './arns.js';
import type { CodeStore } from './code.js';
import { NAMESPACED_OPERATIONS } from './shapes.js';
import type { LambdaFunctions } from './functions.js';
import type { AsyncInvocations, TaggableResources } from './internal-api.js';
import type { LambdaStore } from './store.js';

/** What every Lambda operation is built from. */
export interface LambdaContext {
  deps: ServiceDeps;
  store: LambdaStore;
  code: CodeStore;
  functions: LambdaFunctions;
  /** The async queue, once src/async has been wired in. */
  asyncInvocations(): AsyncInvocations | undefined;
  /** Tells the extensions a function (no qualifier), a version or an alias is gone. */
  functionDeleted(unqualifiedArn: string, qualifier?: string): void;
  /** Taggable resources the extensions keep (event source mappings), for the tagging operations. */
  taggables?(): readonly TaggableResources[];
}

export type OperationFactory = (lambda: LambdaContext) => RestJsonOperation;

export function scopeOf(ctx: RequestContext): Scope {
  return { accountId: ctx.accountId, region: ctx.region };
}

/** The `{FunctionName}` path parameter (and `?Qualifier=`), validated as AWS does. */
export function functionRefOf(request: RestJsonRequest, ctx: RequestContext, withQualifier = true): FunctionRef {
  const namespaced = NAMESPACED_OPERATIONS.has(ctx.operation ?? '');
  const ref = parseRequestFunctionName(request.params.FunctionName, withQualifier ? request.query.get('Qualifier') : undefined, scopeOf(ctx), namespaced);
  if (ctx.enforceAuth && ref.accountId !== ctx.accountId) {
    if (!ctx.permitCrossAccount)
      throw new AwsError('AccessDeniedException', `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform this operation`, 403);
    ctx.permitCrossAccount(ref);
  }
  return ref;
}

export function ok(body: unknown, status = 200): { status: number; body: unknown } {
  return { status, body };
}
