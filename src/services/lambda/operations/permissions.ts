import { randomUUID } from 'node:crypto';
import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { functionArn } from '../arns.js';
import { functionRefOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import type { AwsError } from '../../../protocols/aws-error.js';
import { conflict, functionNotFound, invalidParameter, notFound, preconditionFailed } from '../errors.js';
import { required, SHAPES } from '../shapes.js';
import type { FunctionRef } from '../arns.js';

const missingResource = () => notFound('The resource you requested does not exist.');
import type { FoundFunction } from '../functions.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

interface AddPermissionInput {
  StatementId?: string;
  Action?: string;
  Principal?: string;
  SourceArn?: string;
  SourceAccount?: string;
  EventSourceToken?: string;
  RevisionId?: string;
  PrincipalOrgID?: string;
  FunctionUrlAuthType?: string;
}

const ADD_PERMISSION = structure({
  StatementId: required(SHAPES.StatementId),
  Action: { type: 'string', required: true, pattern: '(lambda:[*]|lambda:[a-zA-Z]+|[*])' },
  // The model quotes `[^\s]+`, but Lambda judges the principal itself (see validPrincipal).
  Principal: { type: 'string', required: true },
  SourceArn: { type: 'string', pattern: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)' },
  SourceAccount: { type: 'string', pattern: '\\d{12}' },
});

/** A service principal, an account, an ARN or `*`: what AWS takes as a policy principal. */
const PRINCIPAL = /^(\*|\d{12}|arn:aws[a-zA-Z-]*:[^\s]+|[a-z0-9][a-z0-9.-]*\.[a-z0-9.-]+)$/;

/**
 * The function (or version/alias) a policy belongs to, and its key in the policy table. `missing`
 * words what AWS says when the qualified function is not there (it differs per operation).
 */
function policyTarget(
  lambda: LambdaContext,
  request: RestJsonRequest,
  ctx: RequestContext,
  missing: (ref: FunctionRef) => AwsError = missingQualified,
): { found: FoundFunction; qualifier: string; resource: string } {
  const ref = functionRefOf(request, ctx);
  const unqualified = lambda.functions.find({ ...ref, qualifier: undefined });
  if (!unqualified) throw functionNotFound(functionArn(ref, ref.name));
  const found = lambda.functions.find(ref);
  if (!found) throw missing(ref);
  const qualifier = ref.qualifier ?? '';
  return { found, qualifier, resource: functionArn(found.scope, found.name, ref.qualifier) };
}

/** An alias that is not there is "Cannot find alias arn"; a version, "Function not found". */
function missingQualified(ref: FunctionRef): AwsError {
  const arn = functionArn(ref, ref.name, ref.qualifier);
  return /^\d+$/.test(ref.qualifier ?? '') ? functionNotFound(arn) : notFound(`Cannot find alias arn: ${arn}`);
}

/** How AWS writes a principal in a policy statement. */
function principalOf(principal: string): unknown {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

export const addPermission = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'AddPermission',
  method: 'POST',
  path: '/2015-03-31/functions/{FunctionName}/policy',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as AddPermissionInput;
    assertValid(ADD_PERMISSION, input);
    const { found, qualifier, resource } = policyTarget(lambda, request, ctx);
    if (qualifier === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
    if (!PRINCIPAL.test(input.Principal!)) throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
    const policy = lambda.store.getPolicy(found.scope, found.name, qualifier) ?? { statements: [], revisionId: randomUUID() };
    if (input.RevisionId !== undefined && input.RevisionId !== policy.revisionId) throw preconditionFailed();
    if (policy.statements.some((s) => s.Sid === input.StatementId)) {
      throw conflict(`The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    const statement: Record<string, unknown> = {
      Sid: input.StatementId,
      Effect: 'Allow',
      Principal: principalOf(input.Principal!),
      Action: input.Action,
      Resource: resource,
    };
    const condition: Record<string, Record<string, string>> = {};
    const add = (operator: string, key: string, value: string | undefined) => {
      if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
    };
    add('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
    add('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
    add('StringEquals', 'lambda:EventSourceToken', input.EventSourceToken);
    add('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
    add('ArnLike', 'AWS:SourceArn', input.SourceArn);
    if (Object.keys(condition).length > 0) statement.Condition = condition;
    lambda.store.putPolicy(found.scope, found.name, qualifier, { statements: [...policy.statements, statement], revisionId: randomUUID() });
    return { status: 201, body: { Statement: JSON.stringify(statement) } };
  },
});

export const removePermission = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'RemovePermission',
  method: 'DELETE',
  path: '/2015-03-31/functions/{FunctionName}/policy/{StatementId}',
  async run(request, ctx) {
    const ref = functionRefOf(request, ctx);
    if (!lambda.functions.find({ ...ref, qualifier: undefined })) throw notFound(`No policy found for: ${functionArn(ref, ref.name)}`);
    const { found, qualifier } = policyTarget(lambda, request, ctx);
    const sid = request.params.StatementId!;
    const policy = lambda.store.getPolicy(found.scope, found.name, qualifier);
    if (!policy) throw notFound('No policy is associated with the given resource.');
    const revision = request.query.get('RevisionId');
    if (revision !== null && revision !== policy.revisionId) throw preconditionFailed();
    if (!policy.statements.some((s) => s.Sid === sid)) throw notFound(`Statement ${sid} is not found in resource policy.`);
    lambda.store.putPolicy(found.scope, found.name, qualifier, { statements: policy.statements.filter((s) => s.Sid !== sid), revisionId: randomUUID() });
    return { status: 204 };
  },
});

export const getPolicy = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetPolicy',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}/policy',
  async run(request, ctx) {
    const { found, qualifier } = policyTarget(lambda, request, ctx, missingResource);
    const policy = lambda.store.getPolicy(found.scope, found.name, qualifier);
    if (!policy) throw missingResource();
    return {
      body: {
        Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }),
        RevisionId: policy.revisionId,
      },
    };
  },
});
