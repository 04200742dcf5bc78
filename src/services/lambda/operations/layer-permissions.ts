import { randomUUID } from 'node:crypto';
import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { AwsError } from '../../../protocols/aws-error.js';
import type { Scope } from '../arns.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { layerArn } from '../layers.js';
import { PATTERNS, required, SHAPES } from '../shapes.js';
import { layerNameOf, versionOf } from './layers.js';

const POLICY_PATH = '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy';

const ADD_LAYER_PERMISSION = structure({
  StatementId: required(SHAPES.StatementId),
  Action: { type: 'string', required: true, length: { min: 0, max: 22 }, pattern: PATTERNS.LayerPermissionAllowedAction },
  Principal: { type: 'string', required: true, pattern: PATTERNS.LayerPermissionAllowedPrincipal },
  OrganizationId: { type: 'string', length: { min: 0, max: 34 }, pattern: PATTERNS.OrganizationId },
});

/** Layer policies name their own API in the revision message. */
const stalePolicy = () =>
  new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    412,
  );
const noPolicy = () => notFound('No policy is associated with the given resource.');

/** The layer version a policy request names; AWS answers a missing one by its ARN. */
function layerVersion(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): { scope: Scope; name: string; version: number; arn: string } {
  const scope = scopeOf(ctx);
  const name = layerNameOf(request);
  const version = versionOf(request);
  const arn = layerArn(scope, name, version);
  if (!lambda.store.layers.get(scope, name, version)) throw notFound(`Layer version ${arn} does not exist.`);
  return { scope, name, version, arn };
}

/** An account is written as its root ARN; `*` stays as it is. */
function principalOf(principal: string): unknown {
  if (principal === '*') return '*';
  return { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal };
}

export const addLayerVersionPermission = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'AddLayerVersionPermission',
  method: 'POST',
  path: POLICY_PATH,
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { StatementId?: string; Action?: string; Principal?: string; OrganizationId?: string };
    assertValid(ADD_LAYER_PERMISSION, input);
    const { scope, name, version, arn } = layerVersion(lambda, request, ctx);
    const policy = lambda.store.layerPolicies.get(scope, name, version);
    if (policy?.statements.some((s) => s.Sid === input.StatementId)) {
      throw conflict(`The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    const revision = request.query.get('RevisionId');
    if (revision !== null && revision !== policy?.revisionId) throw stalePolicy();
    const statement: Record<string, unknown> = {
      Sid: input.StatementId,
      Effect: 'Allow',
      Principal: principalOf(input.Principal!),
      Action: input.Action,
      Resource: arn,
    };
    if (input.OrganizationId !== undefined) statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': input.OrganizationId } };
    const revisionId = randomUUID();
    lambda.store.layerPolicies.put(scope, name, version, { statements: [...(policy?.statements ?? []), statement], revisionId });
    return { status: 201, body: { Statement: JSON.stringify(statement), RevisionId: revisionId } };
  },
});

export const removeLayerVersionPermission = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'RemoveLayerVersionPermission',
  method: 'DELETE',
  path: `${POLICY_PATH}/{StatementId}`,
  async run(request, ctx) {
    const { scope, name, version } = layerVersion(lambda, request, ctx);
    const sid = request.params.StatementId!;
    const policy = lambda.store.layerPolicies.get(scope, name, version);
    if (!policy) throw noPolicy();
    const revision = request.query.get('RevisionId');
    if (revision !== null && revision !== policy.revisionId) throw stalePolicy();
    if (!policy.statements.some((s) => s.Sid === sid)) throw notFound(`Statement ${sid} is not found in resource policy.`);
    lambda.store.layerPolicies.put(scope, name, version, { statements: policy.statements.filter((s) => s.Sid !== sid), revisionId: randomUUID() });
    return { status: 204 };
  },
});

export const getLayerVersionPolicy = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetLayerVersionPolicy',
  method: 'GET',
  path: POLICY_PATH,
  async run(request, ctx) {
    const { scope, name, version } = layerVersion(lambda, request, ctx);
    const policy = lambda.store.layerPolicies.get(scope, name, version);
    if (!policy) throw noPolicy();
    return { body: { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }), RevisionId: policy.revisionId } };
  },
});
